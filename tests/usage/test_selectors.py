"""Selectors the usage pages build on: rankings, subscribers without usage, daily figures."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404

from kamdesk.usage import selectors
from tests.factories import SubscriberFactory
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db

SEPT, AUG = dt.date(2026, 9, 1), dt.date(2026, 8, 1)


def _cdr(record_id, number, when, charge):
    return {
        "record_id": record_id,
        "number": number,
        "service": "sms",
        "direction": "out",
        "start_time": when,
        "duration_s": "0",
        "volume_kb": "0",
        "peer": "10086",
        "peer_operator": "",
        "roaming": "none",
        "charge": charge,
    }


@pytest.fixture
def usage(warehouse, group, tmp_path):
    customer, account, subscribers = group
    quiet = SubscriberFactory(
        customer=customer, account=account, number="13800000004", valid_from=dt.date(2026, 1, 1)
    )
    rows = [
        _cdr("1", "13800000001", "2026-08-10 10:00:00", "5.00"),
        _cdr("2", "13800000001", "2026-09-10 10:00:00", "1.00"),
        _cdr("3", "13800000002", "2026-09-10 10:00:00", "3.00"),
        _cdr("4", "13800000002", "2026-09-11 10:00:00", "4.00"),
        _cdr("5", "13800000003", "2026-08-12 10:00:00", "2.00"),
    ]
    call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", rows)), stdout=StringIO())
    return customer, subscribers, quiet


def test_it_ranks_subscribers_by_spend_and_by_change(usage, manager):
    customer, subscribers, _quiet = usage
    by_spend = selectors.top_subscribers_by_spend(user=manager, customer_id=customer.pk, month=SEPT)
    by_change = selectors.top_subscribers_by_change(
        user=manager, customer_id=customer.pk, month=SEPT
    )

    assert [(f.number, f.total_fen) for f in by_spend] == [
        ("13800000002", 700),
        ("13800000001", 100),
    ]
    assert [(f.number, f.change_fen) for f in by_change] == [
        ("13800000002", 700),
        ("13800000001", -400),
        ("13800000003", -200),
    ]


def test_it_lists_subscribers_without_usage_in_a_month(usage, manager):
    customer, subscribers, quiet = usage
    idle = selectors.subscribers_without_usage(user=manager, customer_id=customer.pk, month=SEPT)
    assert [s.number for s in idle] == ["13800000003", "13800000004"]


def test_it_gives_daily_figures_and_fills_missing_months(usage, manager):
    customer, subscribers, _quiet = usage
    days = selectors.usage_days_of_customer(user=manager, customer_id=customer.pk, month=SEPT)
    assert [(d["local_date"], d["total_fen"], d["sms_out"]) for d in days] == [
        (dt.date(2026, 9, 10), 400, 2),
        (dt.date(2026, 9, 11), 400, 1),
    ]
    months = selectors.usage_months_of_subscriber(
        user=manager, subscriber_pk=subscribers[0].pk, first=dt.date(2026, 7, 1), last=SEPT
    )
    assert [(m.month, m.total_fen) for m in months] == [
        (dt.date(2026, 7, 1), 0),
        (AUG, 500),
        (SEPT, 100),
    ]


def test_it_hides_another_managers_customer(usage, other_manager):
    customer, _subscribers, _quiet = usage
    with pytest.raises(Http404):
        selectors.usage_months_of_customer(
            user=other_manager, customer_id=customer.pk, first=AUG, last=SEPT
        )
