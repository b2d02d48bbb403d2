"""``kam visits plan --month``: proposals from the policies, last visits and required
visits, on working days, ordered per day; running again adds nothing twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kamdesk.calendars.models import BusinessCalendar
from kamdesk.visits.models import Visit, VisitOrigin, VisitPolicy
from kamdesk.visits.services import required_visit_create
from kamdesk.visits.services.plan import month_plan_apply
from tests.conftest import client_for
from tests.factories import CustomerFactory, grade
from tests.visits.factories import VisitFactory


def _customers(manager, n: int, grade_code: str = "A") -> list:
    return [
        CustomerFactory(
            manager=manager,
            grade=grade(grade_code),
            district="鼓楼区" if i % 2 else "玄武区",
            latitude=Decimal("32.05") + Decimal(i) / 100,
            longitude=Decimal("118.78") + Decimal(i % 3) / 100,
        )
        for i in range(n)
    ]


def test_the_command_plans_the_month_on_working_days(frozen, manager):
    customers = _customers(manager, 6)
    _customers(manager, 2, "B")  # quarterly, never visited: due as well
    out = StringIO()
    call_command("visits", "plan", "--month", "2026-12", stdout=out)
    visits = list(Visit.objects.filter(plan_month="2026-12"))
    assert len(visits) == 8
    standard = BusinessCalendar.objects.filter(code="standard").exists()
    assert all(v.planned_date.weekday() < 5 or standard for v in visits)
    assert {v.origin for v in visits} == {VisitOrigin.PLAN}
    assert "created=8" in out.getvalue() and "km_ordered=" in out.getvalue()
    call_command("visits", "plan", "--month", "2026-12", stdout=StringIO())
    assert Visit.objects.filter(plan_month="2026-12").count() == 8
    assert {v.customer_id for v in visits} >= {c.pk for c in customers}


def test_it_skips_customers_visited_within_their_policy(frozen, manager):
    (recent,) = _customers(manager, 1, "B")
    VisitFactory(customer=recent, planned_date=dt.date(2026, 11, 2), status="completed")
    summary = month_plan_apply(year=2026, month=12)
    assert summary.created == 0


def test_required_visits_stay_in_the_plan(frozen, manager):
    (customer,) = _customers(manager, 1, "D")
    VisitFactory(customer=customer, planned_date=dt.date(2026, 6, 2), status="completed")
    required = required_visit_create(
        customer=customer, reason="contract_expiry", due_by=dt.date(2026, 12, 10), source_ref="c:1"
    )
    Visit.objects.filter(pk=required.pk).update(planned_date=dt.date(2026, 12, 1))
    summary = month_plan_apply(year=2026, month=12)
    assert summary.updated == 1 and summary.created == 0
    required.refresh_from_db()
    assert required.plan_month == "2026-12" and required.route_order == 1


def test_an_administrator_changes_the_frequencies(frozen, manager):
    (customer,) = _customers(manager, 1, "C")
    VisitFactory(customer=customer, planned_date=dt.date(2026, 8, 3), status="completed")
    assert month_plan_apply(year=2026, month=12).created == 0  # every six months by default
    VisitPolicy.objects.filter(grade__code="C").update(every_months=3)
    assert month_plan_apply(year=2026, month=12).created == 1


def test_the_command_names_a_bad_month(db):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("visits", "plan", "--month", "December")


def test_the_month_plan_is_scheduled(db):
    from crontask import scheduler

    from kamdesk.visits.tasks import next_month_plan_task

    assert next_month_plan_task.name in {job.name for job in scheduler.get_jobs()}


def test_each_days_route_is_reported_against_the_unordered_plan(frozen, manager):
    # 30 monthly customers over 22 working days: two on some days.
    _customers(manager, 30)
    out = StringIO()
    call_command("visits", "plan", "--month", "2026-12", verbosity=2, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("route ")]
    days = {v.planned_date for v in Visit.objects.filter(plan_month="2026-12")}
    assert len(lines) == len(days)
    assert all("manager=manager_a" in line and "km_unordered=" in line for line in lines)


def test_the_calendar_shows_each_days_km_against_the_unordered_plan(frozen, manager):
    # Three customers on a line west to east; the route goes 1, 3, 2; the list 1, 2, 3.
    lons = {1: "118.70", 2: "118.90", 3: "118.75"}
    customers = {
        n: CustomerFactory(
            manager=manager, latitude=Decimal("32.05"), longitude=Decimal(lon), code=f"KM{n}"
        )
        for n, lon in lons.items()
    }
    day = dt.date(2026, 12, 2)
    for order, n in enumerate((1, 3, 2), start=1):
        VisitFactory(customer=customers[n], planned_date=day, route_order=order)

    page = client_for(manager).get("/visits/calendar/?month=2026-12").content.decode()
    cell = page.split(f'data-day="{day.isoformat()}"')[1].split("</td>")[0]
    # The route covers 0.20° of longitude at 32.05° N (18.8 km); the list goes out 0.20°
    # and back 0.15° (33.0 km).
    assert "18.8/33.0 km" in cell
