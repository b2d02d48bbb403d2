"""A new due date needs the customer's agreement, and the history keeps both dates."""

import datetime as dt

import pytest

from kamdesk.commitments.models import CommitmentStatus
from kamdesk.commitments.services import commitment_renegotiate
from kamdesk.core.errors import ValidationFailed
from tests.commitments.conftest import TODAY, promise


def test_it_refuses_a_new_date_without_the_customers_agreement(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=2))

    with pytest.raises(ValidationFailed) as refused:
        commitment_renegotiate(
            commitment=c,
            actor=manager,
            new_due_on=TODAY + dt.timedelta(days=9),
            agreed_by="",
            agreement="",
        )

    assert set(refused.value.errors) == {"agreed_by", "agreement"}
    c.refresh_from_db()
    assert c.due_on == TODAY + dt.timedelta(days=2)
    assert c.status == CommitmentStatus.OPEN


def test_it_keeps_the_history_of_due_dates(frozen, manager, customer):
    first = TODAY + dt.timedelta(days=2)
    c = promise(actor=manager, customer=customer, due_on=first)

    commitment_renegotiate(
        commitment=c,
        actor=manager,
        new_due_on=TODAY + dt.timedelta(days=9),
        agreed_by="钱主任",
        agreement="11月25日电话同意顺延",
    )
    commitment_renegotiate(
        commitment=c,
        actor=manager,
        new_due_on=TODAY + dt.timedelta(days=12),
        agreed_by="钱主任",
        agreement="邮件确认再顺延三天",
    )

    c.refresh_from_db()
    assert (c.status, c.original_due_on, c.due_on) == (
        CommitmentStatus.RENEGOTIATED,
        first,
        TODAY + dt.timedelta(days=12),
    )
    changes = list(
        c.events.filter(kind="renegotiated").values_list(
            "old_due_on", "new_due_on", "agreed_by", "agreement"
        )
    )
    assert changes == [
        (first, TODAY + dt.timedelta(days=9), "钱主任", "11月25日电话同意顺延"),
        (
            TODAY + dt.timedelta(days=9),
            TODAY + dt.timedelta(days=12),
            "钱主任",
            "邮件确认再顺延三天",
        ),
    ]


def test_an_overdue_commitment_can_be_renegotiated_with_agreement(frozen, manager, customer):
    from kamdesk.commitments.services import commitments_sweep

    c = promise(actor=manager, customer=customer, due_on=TODAY)
    frozen.move_to(dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC))
    commitments_sweep()

    commitment_renegotiate(
        commitment=c,
        actor=manager,
        new_due_on=dt.date(2026, 12, 4),
        agreed_by="钱主任",
        agreement="客户同意延期",
    )

    c.refresh_from_db()
    assert (c.status, c.overdue_since) == (CommitmentStatus.RENEGOTIATED, None)
