"""A commitment due tomorrow reminds its owner once, however often the sweep runs."""

import datetime as dt

from kamdesk.commitments.services import commitments_sweep
from kamdesk.notifications.models import Notification
from tests.commitments.conftest import TODAY, promise


def test_it_reminds_once_the_day_before(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=1))

    first = commitments_sweep()
    second = commitments_sweep()

    reminders = Notification.objects.filter(user=manager, kind="commitment.reminder")
    assert reminders.count() == 1
    assert c.title in reminders.get().title
    assert (first["reminded"], second["reminded"]) == (1, 0)
    assert c.events.filter(kind="reminded").count() == 1


def test_it_does_not_remind_a_commitment_due_later(frozen, manager, customer):
    promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=10))

    commitments_sweep()

    assert not Notification.objects.filter(kind="commitment.reminder").exists()


def test_a_renegotiated_date_gets_its_own_reminder(frozen, manager, customer):
    from kamdesk.commitments.services import commitment_renegotiate

    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=1))
    commitments_sweep()
    commitment_renegotiate(
        commitment=c,
        actor=manager,
        new_due_on=TODAY + dt.timedelta(days=8),
        agreed_by="钱主任",
        agreement="电话确认顺延一周",
    )
    frozen.move_to(dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC))

    commitments_sweep()

    assert Notification.objects.filter(user=manager, kind="commitment.reminder").count() == 2
