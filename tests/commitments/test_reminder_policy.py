"""The reminder days are set in the console: unreadable days are refused there, and a row
written around the console still leaves the sweep working on the default days."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kamdesk.commitments.models import CommitmentPolicy
from kamdesk.commitments.services import commitments_sweep, policy_get
from tests.commitments.conftest import TODAY, promise


def test_the_console_refuses_unreadable_days(db):
    policy = policy_get()
    policy.remind_days = "3, x"

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()

    assert list(refused.value.message_dict) == ["remind_days"]


def test_configured_days_are_the_ones_reminded(frozen, manager, customer):
    CommitmentPolicy.objects.update_or_create(pk=policy_get().pk, defaults={"remind_days": "5"})
    promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=5))
    promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=1))

    counts = commitments_sweep()

    # Five days ahead is reminded; the one due tomorrow had its 5-day reminder missed,
    # and a missed reminder is still sent once (the closest one not earlier than today).
    assert counts["reminded"] == 2


def test_an_unreadable_row_falls_back_to_the_default_days(frozen, manager, customer, caplog):
    CommitmentPolicy.objects.filter(pk=policy_get().pk).update(remind_days="soon")
    promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=1))

    counts = commitments_sweep()

    assert counts["reminded"] == 1
    assert "unreadable remind_days" in caplog.text
