"""The planner as a pure function: no database, no Django."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.visits.planning import (
    PlanConfig,
    PlanCustomer,
    RequiredItem,
    km_between,
    parse_month,
    path_km,
    plan_month,
)

pytestmark = pytest.mark.nodb

# December 2026 with a made-up holiday (Fri 4 Dec) and a make-up working day (Sat 12 Dec).
HOLIDAY = dt.date(2026, 12, 4)
MAKE_UP = dt.date(2026, 12, 12)


def is_working(day: dt.date) -> bool:
    if day == MAKE_UP:
        return True
    if day == HOLIDAY:
        return False
    return day.weekday() < 5


def cust(pk: int, every: int | None, last: dt.date | None = None, **kw: object) -> PlanCustomer:
    return PlanCustomer(
        customer_id=pk, manager_id=kw.pop("manager", 1), every_months=every, last_visit=last, **kw
    )  # type: ignore[arg-type]


def plan(customers: list[PlanCustomer], required: list[RequiredItem] = (), **kw: object):  # type: ignore[assignment]
    return plan_month(
        year=2026,
        month=12,
        customers=customers,
        required=list(required),
        is_working_day=is_working,
        **kw,  # type: ignore[arg-type]
    )


def test_it_respects_each_policy_frequency():
    customers = [
        cust(1, 1, dt.date(2026, 11, 10)),  # monthly, last in November: due again
        cust(2, 3, dt.date(2026, 11, 10)),  # quarterly, seen last month: not due
        cust(3, 3, dt.date(2026, 9, 2)),  # quarterly, three months ago: due
        cust(4, 6, dt.date(2026, 7, 1)),  # twice a year, five months ago: not due
        cust(5, 12, None),  # yearly and never visited: due
        cust(6, None, None),  # no policy: never planned by frequency
        cust(7, 1, dt.date(2026, 11, 30), planned_in_month=True),  # already has a visit
    ]
    result = plan(customers)
    assert sorted(v.customer_id for v in result.visits) == [1, 3, 5]
    monthly = next(v for v in result.visits if v.customer_id == 1)
    assert monthly.day >= dt.date(2026, 12, 10)  # not before a month after the last visit


def test_it_plans_only_on_working_days_including_make_up_days():
    customers = [cust(i, 1, None) for i in range(1, 120)]
    result = plan(customers, config=PlanConfig(max_per_day=5))
    days = {v.day for v in result.visits}
    assert all(is_working(d) for d in days)
    assert HOLIDAY not in days
    assert all(d.weekday() < 5 or d == MAKE_UP for d in days)
    assert MAKE_UP in days  # the make-up Saturday is used like any working day


def test_required_visits_are_never_silently_dropped():
    # Far more required visits than room in the month: each is still placed (over the
    # daily limit) or reported unplaced with a reason, never lost.
    required = [
        RequiredItem(
            key=str(i),
            customer_id=100 + i,
            manager_id=1,
            reason="retention",
            due_by=dt.date(2026, 12, 2),
        )
        for i in range(60)
    ]
    policy = [cust(i, 1, None) for i in range(1, 40)]
    result = plan(policy, required, config=PlanConfig(max_per_day=2))
    placed = {v.required_key for v in result.visits if v.required_key}
    assert placed == {str(i) for i in range(60)}
    late = [v for v in result.visits if v.required_key and v.late]
    assert late and all(v.day > dt.date(2026, 12, 2) for v in late)
    # The policy visits that found no room are reported, not silently lost either.
    planned_policy = {v.customer_id for v in result.visits if not v.required_key}
    reported = {u.customer_id for u in result.unplaced}
    assert planned_policy | reported == set(range(1, 40))


def test_a_required_visit_is_reported_when_no_working_day_is_left():
    required = [
        RequiredItem(
            key="9", customer_id=9, manager_id=1, reason="complaint", due_by=dt.date(2026, 12, 31)
        )
    ]
    result = plan([], required, not_before=dt.date(2027, 1, 1))
    assert result.visits == []
    assert [(u.required_key, u.reason) for u in result.unplaced] == [("9", "no_working_day")]


def test_a_required_visit_comes_by_its_due_date_when_there_is_room():
    required = [
        RequiredItem(
            key="5", customer_id=5, manager_id=1, reason="retention", due_by=dt.date(2026, 12, 3)
        )
    ]
    result = plan(
        [cust(i, 1, None) for i in range(1, 30)], required, not_before=dt.date(2026, 12, 2)
    )
    visit = next(v for v in result.visits if v.required_key == "5")
    assert visit.day == dt.date(2026, 12, 2) and not visit.late


def test_the_days_order_shortens_the_route_against_the_unordered_plan():
    # Four customers on a line west to east, listed in a zig-zag order.
    line = {1: 118.70, 2: 118.90, 3: 118.75, 4: 118.85}
    customers = [
        cust(pk, 1, None, lat=32.05, lon=lon, district="鼓楼区" if lon < 118.8 else "玄武区")
        for pk, lon in line.items()
    ]
    result = plan(customers, config=PlanConfig(max_per_day=4), not_before=dt.date(2026, 12, 31))
    (route,) = result.routes
    assert [v.customer_id for v in route.visits] in ([1, 3, 4, 2], [2, 4, 3, 1])
    assert route.km_ordered < route.km_unordered
    expected = path_km([(32.05, 118.70), (32.05, 118.75), (32.05, 118.85), (32.05, 118.90)])
    assert route.km_ordered == pytest.approx(expected)
    assert [v.order for v in route.visits] == [1, 2, 3, 4]
    assert [v.time for v in route.visits][:2] == [dt.time(9, 30), dt.time(11, 0)]


def test_a_long_day_is_ordered_by_a_heuristic_that_still_beats_the_list():
    lons = [118.70 + 0.02 * ((i * 7) % 11) for i in range(9)]
    customers = [cust(i + 1, 1, None, lat=32.0, lon=lon) for i, lon in enumerate(lons)]
    result = plan(customers, config=PlanConfig(max_per_day=9), not_before=dt.date(2026, 12, 31))
    (route,) = result.routes
    assert route.km_ordered < route.km_unordered
    assert route.km_ordered == pytest.approx(
        km_between((32.0, min(lons)), (32.0, max(lons))), rel=1e-6
    )


def test_it_reads_the_month_or_names_the_expected_form():
    assert parse_month("2026-12") == (2026, 12)
    for bad in ("2026-13", "12/2026", "", "2026"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_month(bad)
