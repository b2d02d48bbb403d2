"""The demo loader copes without usage data and builds a delivery history with it."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.statements.demo import statements_demo_load
from kamdesk.statements.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def test_it_loads_nothing_without_usage_data(db):
    message = statements_demo_load(seed=1, today=dt.date(2026, 11, 28))
    assert message
    assert not Subscription.objects.exists() and not Delivery.objects.exists()


def test_it_builds_preferences_and_deliveries_from_usage_data(group, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from kamdesk.usage.parsing import BILL_COLUMNS
    from tests.usage.data import write_csv

    row = dict.fromkeys(BILL_COLUMNS, "0.00")
    row.update(
        bill_id="B-9", version="1", account_code="A-NJ-001", subscriber_id="", month="2026-10",
        plan_fee="300.00", total="300.00", due_date="2026-11-20",
    )  # fmt: skip
    call_command(
        "ingest",
        "bills",
        str(write_csv(tmp_path / "b.csv", [row], BILL_COLUMNS)),
        stdout=StringIO(),
    )
    message = statements_demo_load(seed=1, today=dt.date(2026, 11, 28))
    assert Subscription.objects.count() == 3
    statuses = sorted(Delivery.objects.values_list("channel", "status"))
    assert statuses == [("email", "queued"), ("print", "to_hand_over"), ("sms_link", "sent")]
    assert "3" in message
