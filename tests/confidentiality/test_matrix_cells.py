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
    # A fragment the 360 page loads for the roles that may view its kind of data: for
    # a role that may view the kind but not list it, it answers an empty body (the slot
    # disappears); a role denied the kind altogether gets 404 and an audited refusal.
    panel: bool = False
    # A start page that sends an allowed role on to its own view (a redirect) answers it.
    redirects: bool = False


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
    Cell("interaction", "list", False, lambda w: f"/customers/{w.group.pk}/interactions/"),
    Cell("visit", "list", False, lambda w: "/visits/", scoped=False),
    Cell("visit", "list", True, lambda w: "/api/v1/visits", scoped=False),
    Cell("visit", "list", False, lambda w: f"/visits/customer/{w.group.pk}/", panel=True),
    Cell("request", "list", False, lambda w: "/requests/", scoped=False, redirects=True),
    Cell("request", "list", True, lambda w: "/api/v1/requests", scoped=False),
    Cell("request", "list", False, lambda w: f"/requests/customer/{w.group.pk}/", panel=True),
    Cell("order", "list", False, lambda w: "/orders/", scoped=False),
    Cell("order", "list", True, lambda w: "/api/v1/orders", scoped=False),
    Cell("order", "list", False, lambda w: f"/orders/customer/{w.group.pk}/", panel=True),
    Cell("commitment", "list", False, lambda w: "/commitments/", scoped=False),
    Cell("commitment", "list", True, lambda w: "/api/v1/commitments", scoped=False),
    Cell("commitment", "list", False, lambda w: f"/commitments/customer/{w.group.pk}/", panel=True),
    Cell("statement", "list", False, lambda w: f"/statements/customer/{w.group.pk}/"),
    Cell("statement", "list", True, lambda w: "/api/v1/statements/deliveries", scoped=False),
    Cell("risk", "view", False, lambda w: f"/risk/customers/{w.group.pk}/"),
    Cell("risk", "view", True, lambda w: f"/api/v1/customers/{w.group.pk}/risk"),
    Cell("advice", "view", False, lambda w: f"/advisor/customer/{w.group.pk}/", panel=True),
    Cell("prospect", "list", True, lambda w: "/api/v1/prospects", scoped=False),
    Cell("knowledge", "list", True, lambda w: "/api/v1/knowledge", scoped=False),
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
            if response.status_code != 200 and not (cell.redirects and response.status_code == 302):
                problems.append(
                    f"{cell.kind}.{cell.action} {cell.url(world)}: {response.status_code}"
                )
        elif cell.panel and can(world.people[role], "view", cell.kind):
            # (a 404 when the customer is outside the role's scope as well)
            shown = response.status_code == 200 and body.strip()
            if shown or response.status_code not in (200, 404):
                problems.append(f"{cell.url(world)} shows a denied panel to {role}")
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


def test_a_list_filtered_by_a_customer_outside_the_portfolio_is_refused(world):
    other, own = world.stranger_customer.pk, world.group.pk
    lists = ("visits", "requests", "orders", "commitments")
    for role in ("manager", "supervisor"):
        api = world.api(role)
        for name in lists:
            assert api.get(f"/api/v1/{name}?customer_id={own}").status_code == 200
            refused = api.get(f"/api/v1/{name}?customer_id={other}")
            assert refused.status_code == 404, (role, name)
            assert world.stranger_customer.name not in refused.content.decode()
    events = AuditEvent.objects.filter(action="access.refused", customer_id=other)
    assert events.count() == 2 * len(lists)
    # A back-office agent works its department's requests by customer: an empty page.
    assert world.api("backoffice").get(f"/api/v1/requests?customer_id={other}").json() == {
        "items": [],
        "count": 0,
    }
