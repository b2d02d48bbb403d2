"""The demo gives every demo manager a year of visits and this month's plan."""

import datetime as dt
from decimal import Decimal

import time_machine

from kamdesk.visits.demo import visits_demo_load
from kamdesk.visits.models import Visit, VisitSignature
from tests.factories import ContactFactory, CustomerFactory, UserFactory, grade


def test_every_manager_has_history_of_each_kind_and_a_plan(db, supervisor, team):
    managers = [UserFactory(username=f"manager{n}", team=team) for n in (1, 2)]
    for manager in managers:
        for i, code in enumerate(["A", "A", "B", "diamond"]):
            customer = CustomerFactory(
                manager=manager,
                grade=grade(code),
                kind="group" if code != "diamond" else "individual",
                latitude=Decimal("32.05") + Decimal(i) / 100,
                longitude=Decimal("118.78"),
                district="鼓楼区",
            )
            ContactFactory(customer=customer, phone=f"1391234{i:04d}")

    with time_machine.travel(dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC), tick=False):
        summary = visits_demo_load(seed=20261128, today=dt.date(2026, 11, 25))

    assert "managers" in summary or "客户经理" in summary
    for manager in managers:
        mine = Visit.objects.filter(manager=manager)
        statuses = set(mine.values_list("status", flat=True))
        assert {"completed", "missed"} <= statuses
        past = mine.filter(planned_date__lt=dt.date(2026, 11, 1))
        assert past.filter(planned_date__lt=dt.date(2026, 1, 1)).exists()  # a year of history
        assert past.filter(status="completed", completed_at__date__gt=dt.date(2026, 1, 1)).exists()
        assert mine.filter(confirmed_at__isnull=False).exists()
        assert mine.filter(required_reason="retention").exists()
        assert mine.filter(plan_month="2026-11", origin="plan").exists()
        assert VisitSignature.objects.filter(visit__manager=manager).exists()
        late = [
            v for v in mine.filter(status="completed") if v.completed_at.date() > v.planned_date
        ]
        assert late
    assert Visit.objects.filter(kind="service_day").exists()
