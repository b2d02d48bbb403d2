"""The auditor searches the trail by actor, customer, action and time; others get 404."""

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.services import audit_record
from kamdesk.users.models import Role
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(manager, other_manager):
    for day, actor, action, customer in [
        (1, manager, "call_record.viewed", 11),
        (2, manager, "bill.exported", 12),
        (3, other_manager, "call_record.viewed", 11),
        (4, other_manager, "profile.changed", 13),
    ]:
        at = dt.datetime(2026, 11, day, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
        with time_machine.travel(at, tick=False):
            audit_record(actor=actor, action=action, customer_id=customer)


def seqs(response):
    """The events of the page, leaving out the auditor's own sign-in."""
    return [e.seq for e in response.context["page"] if not e.action.startswith("auth.")]


def test_it_lists_the_newest_first(auditor, trail):
    response = client_for(auditor).get("/audit/")
    assert response.status_code == 200
    assert seqs(response) == [4, 3, 2, 1]
    assert "call_record.viewed" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "manager_a"}, [2, 1]),
        ({"customer": "11"}, [3, 1]),
        ({"action": "call_record."}, [3, 1]),
        ({"since": "2026-11-02", "until": "2026-11-03"}, [3, 2]),
        ({"actor": "manager_b", "action": "profile"}, [4]),
    ],
)
def test_it_filters(auditor, trail, query, expected):
    assert seqs(client_for(auditor).get("/audit/", query)) == expected


def test_it_finds_an_actor_by_staff_id(auditor, trail, manager):
    assert seqs(client_for(auditor).get("/audit/", {"actor": manager.staff_id})) == [2, 1]


def test_it_pages_long_results(auditor, manager):
    for n in range(60):
        audit_record(actor=manager, action=f"x.{n}")
    second = client_for(auditor).get("/audit/", {"actor": "manager_a", "page": 2})
    assert seqs(second) == list(range(10, 0, -1))


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.SUPERVISOR, Role.BACKOFFICE, Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN]
)
def test_it_hides_the_trail_from_everyone_but_the_auditor(trail, role):
    other = UserFactory(username=f"someone_{role}", role=role)
    client = client_for(other)
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404
    assert client.get("/audit/signals/").status_code == 404
