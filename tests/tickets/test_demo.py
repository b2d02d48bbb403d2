"""The demo gives every demo manager a realistic history of requests."""

import datetime as dt

import time_machine

from kamdesk.tickets.demo import tickets_demo_load
from kamdesk.tickets.models import Delivery, Step, Survey, Ticket
from tests.factories import ContactFactory, CustomerFactory, DepartmentFactory, UserFactory


def test_it_loads_open_waiting_breached_resolved_and_rated_requests(db, supervisor, team):
    for code in ("billing", "network", "provisioning", "customer_service", "enterprise_support"):
        DepartmentFactory(code=code)
    UserFactory(
        username="backoffice1", role="backoffice", department=DepartmentFactory(code="billing")
    )
    managers = [UserFactory(username=f"manager{n}", team=team) for n in (1, 2)]
    for manager in managers:
        for _ in range(3):
            ContactFactory(customer=CustomerFactory(manager=manager), email="li@example.cn")

    with time_machine.travel(dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC), tick=False):
        made = tickets_demo_load(seed=20261128, today=dt.date(2026, 11, 25))

    assert made == Ticket.objects.count() == 2 * 6 + 1
    for manager in managers:
        statuses = set(Ticket.objects.filter(owner=manager).values_list("status", flat=True))
        assert {"closed", "resolved", "waiting", "in_progress", "new"} <= statuses
        assert Ticket.objects.filter(owner=manager, breached_at__isnull=False).exists()
    assert Survey.objects.filter(status="answered").count() == 2
    assert Survey.objects.filter(status="no_response").exists()
    eoms = Step.objects.filter(system__isnull=False)
    assert eoms.count() == 2 and all(s.delivery == Delivery.DELIVERED for s in eoms)
    assert {s.department.code for s in Step.objects.all()} >= {
        "billing",
        "network",
        "provisioning",
        "customer_service",
        "enterprise_support",
    }
