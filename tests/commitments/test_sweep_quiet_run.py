"""A sweep with nothing new to send passes over the commitments already reminded, and the
overdue ones not yet due for escalation, without trying their notices again."""

import datetime as dt

from kamdesk.commitments.services import commitments_sweep
from kamdesk.notifications.models import Notification
from tests.commitments.conftest import TODAY, promise


def test_a_run_with_nothing_new_only_reads(
    frozen, manager, supervisor, customer, django_assert_max_num_queries
):
    for days in (1, 2, 3):
        promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=days))
    promise(actor=manager, customer=customer, due_on=TODAY)
    frozen.move_to(dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC))  # one is overdue now
    first = commitments_sweep()

    with django_assert_max_num_queries(2):  # the policy and the pending commitments
        second = commitments_sweep()

    assert first == {"reminded": 3, "overdue": 1, "escalated": 0}
    assert second == {"reminded": 0, "overdue": 0, "escalated": 0}


def test_the_next_reminder_and_the_escalation_still_go_out(frozen, manager, supervisor, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=3))
    commitments_sweep()  # three days before
    frozen.move_to(dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC))
    commitments_sweep()  # the day before
    commitments_sweep()
    frozen.move_to(dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC))  # two days late

    counts = commitments_sweep()

    reminders = Notification.objects.filter(kind="commitment.reminder", user=manager)
    assert reminders.count() == 2
    c.refresh_from_db()
    assert (c.reminded_days, c.reminded_for) == (1, c.due_on)
    assert counts == {"reminded": 0, "overdue": 1, "escalated": 1}
    assert Notification.objects.filter(kind="commitment.escalated", user=supervisor).count() == 1
