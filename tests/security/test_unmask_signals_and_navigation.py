"""An unmask request at night becomes an insider-risk signal; the navbar leads each role
to its confidentiality pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.security.models import InsiderSignal
from kamdesk.security.services import insider_scan
from kamdesk.users.models import Role
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NIGHT = dt.datetime(2026, 11, 27, 15, 30, tzinfo=dt.UTC)  # 23:30 in Shanghai


def test_it_flags_an_unmask_request_made_at_night(manager, supervisor, vip):
    with time_machine.travel(NIGHT, tick=False):
        client_for(manager).post(
            f"/security/unmask/customers/{vip.pk}/identity/",
            {"method": "vault", "reason": "夜间核对身份"},
        )
    with time_machine.travel(NIGHT + dt.timedelta(hours=12), tick=False):
        insider_scan(day=dt.date(2026, 11, 27))
    signal = InsiderSignal.objects.get(kind="unmask_off_hours")
    assert signal.actor == manager


@pytest.mark.parametrize(
    ("role", "links", "absent"),
    [
        ("auditor", ["/audit/", "/audit/signals/"], ["/security/unmask/"]),
        ("manager", ["/security/unmask/"], ["/audit/signals/"]),
        ("supervisor", ["/security/unmask/queue/"], ["/audit/signals/"]),
        ("system_admin", [], ["/audit/", "/security/unmask/"]),
    ],
)
def test_it_links_each_role_to_its_confidentiality_pages(role, links, absent):
    person = UserFactory(username=f"nav_{role}", role=Role(role))
    page = client_for(person).get("/notifications/").content.decode()
    for link in links:
        assert f'href="{link}"' in page
    for link in absent:
        assert f'href="{link}"' not in page
