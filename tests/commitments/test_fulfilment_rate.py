"""The fulfilment rate over a period counts the commitments due inside it: those due
before or after the period, cancelled ones and ones not yet due do not count."""

import datetime as dt

from kamdesk.commitments.models import Commitment
from kamdesk.commitments.rules import RateRow, fulfilment_rate
from kamdesk.commitments.selectors import fulfilment_rates
from tests.commitments.conftest import promise
from tests.factories import CustomerFactory, UserFactory

D = dt.date


def test_the_rule_over_a_period_that_cuts_through_commitments():
    rows = [
        RateRow(D(2026, 10, 28), "fulfilled", D(2026, 10, 27)),  # due before the period
        RateRow(D(2026, 11, 3), "fulfilled", D(2026, 11, 2)),  # kept on time
        RateRow(D(2026, 11, 10), "fulfilled", D(2026, 11, 12)),  # kept late
        RateRow(D(2026, 11, 12), "overdue", None),  # broken
        RateRow(D(2026, 11, 14), "cancelled", None),  # cancelled: not counted
        RateRow(D(2026, 11, 20), "renegotiated", None),  # agreed date still ahead of today
        RateRow(D(2026, 11, 18), "fulfilled", D(2026, 11, 18)),  # kept on the day
        RateRow(D(2026, 12, 2), "fulfilled", D(2026, 11, 15)),  # due after the period
    ]

    rate = fulfilment_rate(rows, start=D(2026, 11, 1), end=D(2026, 11, 30), today=D(2026, 11, 19))

    assert (rate.due, rate.kept) == (4, 2)
    assert str(rate.percent) == "50.0"


def test_it_is_null_when_nothing_fell_due():
    assert (
        fulfilment_rate(
            [], start=D(2026, 11, 1), end=D(2026, 11, 30), today=D(2026, 11, 19)
        ).percent
        is None
    )


def test_managers_and_the_team_over_a_period(db, manager, supervisor, team, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC), tick=False)
    colleague = UserFactory(username="manager_c", team=team)
    mine, theirs = CustomerFactory(manager=manager), CustomerFactory(manager=colleague)
    kept = promise(actor=manager, customer=mine, due_on=D(2026, 11, 5))
    late = promise(actor=manager, customer=mine, due_on=D(2026, 11, 6))
    promise(actor=colleague, customer=theirs, due_on=D(2026, 11, 7))  # broken
    promise(actor=colleague, customer=theirs, due_on=D(2026, 12, 7))  # after the period
    Commitment.objects.filter(pk=kept.pk).update(
        status="fulfilled", fulfilled_at=dt.datetime(2026, 11, 4, 2, 0, tzinfo=dt.UTC)
    )
    Commitment.objects.filter(pk=late.pk).update(
        status="fulfilled", fulfilled_at=dt.datetime(2026, 11, 9, 2, 0, tzinfo=dt.UTC)
    )

    lines, total = fulfilment_rates(
        user=supervisor, start=D(2026, 11, 3), end=D(2026, 11, 30), today=D(2026, 11, 20)
    )
    own_lines, own = fulfilment_rates(
        user=manager, start=D(2026, 11, 3), end=D(2026, 11, 30), today=D(2026, 11, 20)
    )

    assert {x.owner.username: (x.rate.due, x.rate.kept) for x in lines} == {
        "manager_a": (2, 1),
        "manager_c": (1, 0),
    }
    assert (total.due, total.kept) == (3, 1)
    assert (own.due, own.kept) == (2, 1)
