"""Each KPI equals the figure computed by hand on a constructed data set, over a period
(1–15 November 2026, Shanghai days) that cuts through requests, visits and commitments.

Today is Wednesday 25 November 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from kamdesk.scorecards.kpis import Scope
from kamdesk.scorecards.period import Period
from kamdesk.scorecards.selectors import scorecard_of
from kamdesk.scorecards.services import revenue_snapshot_take
from kamdesk.tickets.models import Survey
from tests.factories import CustomerFactory, SubscriberFactory
from tests.home.factories import make_ticket
from tests.scorecards.factories import bill, churn_event, commitment, local, visit

pytestmark = pytest.mark.django_db
PERIOD = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 15))
NOV, DEC_2025 = dt.date(2026, 11, 1), dt.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(local(2026, 11, 25, 10), tick=False):
        yield


@pytest.fixture
def scope(manager):
    return Scope("manager", manager.pk, str(manager), (manager.pk,))


def figures(scope):
    return {f.spec.code: f for f in scorecard_of(scope=scope, period=PERIOD).figures}


def test_sla_compliance_counts_requests_resolved_inside_the_period(manager, other_manager, scope):
    mine = CustomerFactory(manager=manager)
    theirs = CustomerFactory(manager=other_manager)
    # Opened before the period, resolved inside it, in time: counts, met.
    make_ticket(
        customer=mine,
        opened_at=local(2026, 10, 25),
        resolved_at=local(2026, 11, 3),
        sla_met=True,
        status="resolved",
    )
    # Resolved at 23:30 on the last day (15:30 UTC): counts, missed.
    make_ticket(
        customer=mine,
        opened_at=local(2026, 11, 10),
        resolved_at=local(2026, 11, 15, 23, 30),
        sla_met=False,
        status="resolved",
    )
    # Resolved at 00:30 the day after (still 15 November in UTC): outside.
    make_ticket(
        customer=mine,
        opened_at=local(2026, 11, 14),
        resolved_at=local(2026, 11, 16, 0, 30),
        sla_met=True,
        status="resolved",
    )
    make_ticket(customer=mine, opened_at=local(2026, 11, 2))  # still open: not judged
    make_ticket(
        customer=theirs,
        opened_at=local(2026, 11, 2),
        resolved_at=local(2026, 11, 5),
        sla_met=True,
        status="resolved",
    )

    sla = figures(scope)["requests_sla"].current
    assert (sla.numerator, sla.denominator, sla.value) == (1, 2, Decimal("50.00"))


def test_satisfaction_averages_the_surveys_answered_in_the_period(manager, scope):
    customer = CustomerFactory(manager=manager)
    for n, (score, answered) in enumerate(
        [(5, local(2026, 11, 2)), (2, local(2026, 11, 15, 22)), (1, local(2026, 11, 16, 1))]
    ):
        ticket = make_ticket(customer=customer, opened_at=local(2026, 10, 20), status="resolved")
        Survey.objects.create(
            ticket=ticket,
            nonce=f"n{n}",
            sent_at=local(2026, 10, 30),
            expires_at=local(2026, 12, 30),
            status="answered",
            score=score,
            answered_at=answered,
        )
    sat = figures(scope)["satisfaction"].current
    assert sat.value == Decimal("3.50")
    assert sat.distribution == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}


def test_revenue_and_its_retention_against_the_start_of_year_snapshot(
    manager, other_manager, scope
):
    kept = CustomerFactory(manager=manager)
    shrank = CustomerFactory(manager=manager)
    new = CustomerFactory(manager=manager)  # no December bill: not in the snapshot
    other = CustomerFactory(manager=other_manager)
    bill(kept, DEC_2025, 100_000)
    bill(shrank, DEC_2025, 50_000)
    bill(other, DEC_2025, 70_000)
    bill(kept, NOV, 90_000)
    bill(shrank, NOV, 30_000)
    bill(new, NOV, 99_999)
    bill(other, NOV, 10)

    got = figures(scope)
    assert got["revenue"].current.value == Decimal("2199.99")  # 900 + 300 + 999.99
    # (900 + 300) / (1000 + 500) = 80 %
    assert got["revenue_retention"].current.value == Decimal("80.00")

    # Once the snapshot is taken, a later revision of a December bill does not move it.
    revenue_snapshot_take(year=2026)
    kept_dec = kept.bills.get(month=DEC_2025)
    kept_dec.is_current = False
    kept_dec.save()
    bill(kept, DEC_2025, 400_000, version=2)
    assert figures(scope)["revenue_retention"].current.value == Decimal("80.00")


def test_arpu_subscribers_retained_and_churned(manager, scope):
    customer = CustomerFactory(manager=manager)
    stays = SubscriberFactory(customer=customer, valid_from=dt.date(2020, 1, 1))
    leaves = SubscriberFactory(
        customer=customer, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2026, 11, 8)
    )
    SubscriberFactory(customer=customer, valid_from=dt.date(2026, 11, 10))  # joins in the period
    churn_event(leaves, local(2026, 11, 8))
    churn_event(stays, local(2026, 10, 31, 23), kind="port_out_code_requested")
    bill(customer, NOV, 60_000)

    got = figures(scope)
    assert got["subscribers_retained"].current.value == Decimal("50.00")  # 1 of the 2 at start
    assert got["subscribers_churned"].current.value == 1
    assert got["arpu"].current.value == Decimal("300.00")  # ¥600 / 2 active on 15 Nov


def test_visits_on_time_late_missed_and_verified(manager, scope):
    customer = CustomerFactory(manager=manager)
    visit(
        customer, dt.date(2026, 10, 30), status="completed", completed_at=local(2026, 11, 2)
    )  # planned before
    visit(
        customer,
        dt.date(2026, 11, 3),
        status="completed",
        completed_at=local(2026, 11, 3, 15),
        confirmed_at=local(2026, 11, 3, 15),
    )
    visit(customer, dt.date(2026, 11, 5), status="completed", completed_at=local(2026, 11, 7))
    visit(customer, dt.date(2026, 11, 10), status="missed")
    visit(
        customer, dt.date(2026, 11, 14), due_by=dt.date(2026, 11, 30), status="planned"
    )  # not due yet
    visit(customer, dt.date(2026, 11, 12), status="cancelled")

    got = figures(scope)
    on_time = got["visits_on_time"].current
    assert on_time.value == Decimal("33.33")  # 1 on time of 3 judged
    assert on_time.distribution == {"on_time": 1, "late": 1, "missed": 1, "pending": 1}
    # Completed in the period: the ones of 2, 3 and 7 November; one confirmed by the customer.
    assert got["visits_verified"].current.value == Decimal("33.33")


def test_commitments_kept_on_time(manager, scope):
    customer = CustomerFactory(manager=manager)
    commitment(
        customer, dt.date(2026, 11, 4), status="fulfilled", fulfilled_at=local(2026, 11, 4, 18)
    )
    commitment(
        customer, dt.date(2026, 11, 8), status="fulfilled", fulfilled_at=local(2026, 11, 9, 9)
    )
    commitment(customer, dt.date(2026, 11, 12), status="overdue")
    commitment(customer, dt.date(2026, 10, 31), status="fulfilled", fulfilled_at=local(2026, 11, 1))
    commitment(customer, dt.date(2026, 11, 14), status="cancelled")

    kept = figures(scope)["commitments_on_time"].current
    assert (kept.numerator, kept.denominator, kept.value) == (1, 3, Decimal("33.33"))


def test_the_score_weighs_attainment_of_the_targets(manager, scope):
    from kamdesk.scorecards.models import KpiTarget

    customer = CustomerFactory(manager=manager)
    make_ticket(
        customer=customer,
        opened_at=local(2026, 11, 1),
        resolved_at=local(2026, 11, 3),
        sla_met=True,
        status="resolved",
    )
    make_ticket(
        customer=customer,
        opened_at=local(2026, 11, 1),
        resolved_at=local(2026, 11, 4),
        sla_met=False,
        status="resolved",
    )
    commitment(customer, dt.date(2026, 11, 4), status="fulfilled", fulfilled_at=local(2026, 11, 4))
    KpiTarget.objects.create(code="requests_sla", target=Decimal("100"), weight=Decimal("3"))
    KpiTarget.objects.create(code="commitments_on_time", target=Decimal("80"), weight=Decimal("1"))
    # SLA 50 % of 100 → 0.5; commitments 100 % of 80 → 1.25, capped at 1.2.
    # (3 × 0.5 + 1 × 1.2) / 4 × 100 = 67.5
    assert scorecard_of(scope=scope, period=PERIOD).score == Decimal("67.5")
