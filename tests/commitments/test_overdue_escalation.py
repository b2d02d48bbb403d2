"""An overdue commitment alerts its owner once, then its owner's supervisor once."""

import datetime as dt

from kamdesk.commitments.models import CommitmentStatus
from kamdesk.commitments.services import commitments_sweep
from kamdesk.notifications.models import Notification
from tests.commitments.conftest import TODAY, promise


def _day(frozen, days: int) -> None:
    frozen.move_to(dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC) + dt.timedelta(days=days))


def test_it_escalates_once(frozen, manager, supervisor, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY)

    commitments_sweep()  # due today: still keepable
    _day(frozen, 1)
    commitments_sweep()
    commitments_sweep()
    for days in (2, 3, 4, 5):
        _day(frozen, days)
        commitments_sweep()
        commitments_sweep()

    c.refresh_from_db()
    assert c.status == CommitmentStatus.OVERDUE
    assert c.overdue_since == TODAY + dt.timedelta(days=1)
    assert Notification.objects.filter(user=manager, kind="commitment.overdue").count() == 1
    escalations = Notification.objects.filter(kind="commitment.escalated")
    assert [n.user for n in escalations] == [supervisor]
    assert c.escalated_at is not None
    assert c.events.filter(kind="escalated").count() == 1


def test_it_does_not_escalate_before_the_policy_says(frozen, manager, supervisor, customer):
    promise(actor=manager, customer=customer, due_on=TODAY)
    _day(frozen, 1)

    commitments_sweep()

    assert Notification.objects.filter(user=manager, kind="commitment.overdue").count() == 1
    assert not Notification.objects.filter(kind="commitment.escalated").exists()


def test_a_kept_commitment_is_never_escalated(frozen, manager, supervisor, customer):
    from kamdesk.commitments.services import commitment_fulfil

    c = promise(actor=manager, customer=customer, due_on=TODAY)
    commitment_fulfil(commitment=c, actor=manager, evidence_note="方案已邮件发送")
    _day(frozen, 5)

    commitments_sweep()

    assert not Notification.objects.filter(kind__startswith="commitment.").exists()
