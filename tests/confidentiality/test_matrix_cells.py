"""Walk every role × every kind of data × action on the pages, API and exports that
exist: what the matrix allows answers, what it denies answers 403 or 404, leaks
nothing, and a denied read is written to the audit trail as a refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.users.permissions import can
from tests.confidentiality.conftest import ROLES, SECRETS, World, body_of

pytestmark = pytest.mark.django_db

# Which roles see the manager's customers at all (scope), besides the matrix.
IN_SCOPE = {"manager", "supervisor", "system_admin"}


@dataclass(frozen=True)
class Cell:
    kind: str
    action: str
    api: bool
    url: Callable[[World], str]
    scoped: bool = True  # needs the customer in the caller's scope as well
    audited: bool = True  # a denial is written as access.refused


CELLS = [
    Cell("profile", "view", False, lambda w: f"/customers/{w.group.pk}/"),
    Cell("profile", "view", True, lambda w: f"/api/v1/customers/{w.group.pk}"),
    Cell("profile", "export", False, lambda w: "/customers/export.csv"),
    Cell("profile", "export", False, lambda w: "/customers/export.xlsx"),
    Cell("subscriber", "list", True, lambda w: f"/api/v1/customers/{w.group.pk}/subscribers"),
    Cell("contact", "list", True, lambda w: f"/api/v1/contacts?customer_id={w.group.pk}"),
    Cell("account", "list", True, lambda w: f"/api/v1/customers/{w.group.pk}/accounts"),
    Cell("identity", "view", True, lambda w: f"/api/v1/customers/{w.vip.pk}/identity"),
    Cell("identity", "view", False, lambda w: f"/security/unmask/panel/{w.vip.pk}/identity/"),
    Cell("usage", "view", True, lambda w: f"/api/v1/customers/{w.group.pk}/usage"),
    Cell("usage", "export", False, lambda w: f"/usage/customer/{w.group.pk}/export.xlsx"),
    Cell(
        "call_record",
        "view",
        True,
        lambda w: f"/api/v1/subscribers/{w.line.pk}/records?month=2026-10",
    ),
    Cell("audit", "list", False, lambda w: "/audit/", scoped=False),
    Cell("audit", "export", False, lambda w: "/audit/export.csv", scoped=False),
    Cell("insider_signal", "list", False, lambda w: "/audit/signals/", scoped=False),
]


def _allowed(world: World, role: str, cell: Cell) -> bool:
    person = world.people[role]
    if not can(person, cell.action, cell.kind):
        return False
    return role in IN_SCOPE or not cell.scoped


def _call(world: World, role: str, cell: Cell):
    client = world.api(role) if cell.api else world.page(role)
    return client.get(cell.url(world))


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_allowed_cell_and_refuses_each_denied_one(world, role):
    problems = []
    for cell in CELLS:
        before = AuditEvent.objects.filter(action="access.refused").count()
        response = _call(world, role, cell)
        body = body_of(response)
        if _allowed(world, role, cell):
            if response.status_code != 200:
                problems.append(
                    f"{cell.kind}.{cell.action} {cell.url(world)}: {response.status_code}"
                )
        else:
            if response.status_code not in (403, 404):
                problems.append(
                    f"{cell.kind}.{cell.action} {cell.url(world)}: {response.status_code}"
                )
            if world.group.name in body or world.vip.name in body:
                problems.append(f"{cell.url(world)} leaks a customer's name")
            refused = AuditEvent.objects.filter(action="access.refused").count() > before
            if cell.audited and cell.scoped and not refused:
                problems.append(f"{cell.url(world)} refused {role} without an audit event")
        if any(secret in body for secret in SECRETS):
            problems.append(f"{cell.url(world)} shows a full number or identity to {role}")
    assert not problems, "\n".join(problems)


def test_it_answers_404_not_403_for_a_customer_outside_the_portfolio(world):
    client = world.page("manager")
    other = world.stranger_customer.pk
    for url in (f"/customers/{other}/", f"/security/unmask/panel/{other}/identity/"):
        assert client.get(url).status_code == 404
    assert world.api("manager").get(f"/api/v1/customers/{other}").status_code == 404
    assert AuditEvent.objects.filter(action="access.refused", customer_id=other).count() == 3
