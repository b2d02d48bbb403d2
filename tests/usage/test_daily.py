"""The unscoped daily read for background jobs: per customer and day, subscribers summed,
silent days present as zeros, across month files."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.daily import customer_daily
from tests.factories import SubscriberFactory
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def _cdr(record_id: str, number: str, when: str, service: str, charge: str) -> dict[str, str]:
    return {
        "record_id": record_id,
        "number": number,
        "service": service,
        "direction": "out" if service != "data" else "",
        "start_time": when,
        "duration_s": "120" if service == "voice" else "0",
        "volume_kb": "500" if service == "data" else "0",
        "peer": "cmnet" if service == "data" else "13912345678",
        "peer_operator": "",
        "roaming": "none",
        "charge": charge,
    }


@pytest.fixture
def usage(warehouse, group, tmp_path):
    customer, _account, _subscribers = group
    other = SubscriberFactory(number="13900000009")
    rows = [
        _cdr("1", "13800000001", "2026-09-29 10:00:00", "sms", "0.10"),
        _cdr("2", "13800000002", "2026-09-29 11:00:00", "voice", "0.50"),
        _cdr("3", "13800000003", "2026-10-02 09:00:00", "data", "1.00"),
        _cdr("4", "13900000009", "2026-10-01 09:00:00", "sms", "0.10"),
        _cdr("5", "13800000001", "2026-11-15 09:00:00", "sms", "0.10"),
    ]
    call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", rows)), stdout=StringIO())
    return customer, other.customer


def test_it_sums_subscribers_per_day_and_fills_silent_days_across_months(usage):
    customer, other = usage

    daily = customer_daily(first=dt.date(2026, 9, 29), last=dt.date(2026, 10, 3))

    assert set(daily) == {customer.pk, other.pk}
    days = dict(daily[customer.pk])
    assert list(days) == [dt.date(2026, 9, 29) + dt.timedelta(days=i) for i in range(5)]
    assert days[dt.date(2026, 9, 29)]["total_fen"] == 60
    assert days[dt.date(2026, 9, 29)]["sms_out"] == 1
    assert days[dt.date(2026, 9, 29)]["voice_out_minutes"] == 2
    assert days[dt.date(2026, 9, 30)] == dict.fromkeys(days[dt.date(2026, 9, 30)], 0)
    assert days[dt.date(2026, 10, 2)]["data_kb"] == 500
    assert sum(f["total_fen"] for f in days.values()) == 160


def test_it_reads_only_the_customers_and_figures_asked_for(usage):
    customer, other = usage

    daily = customer_daily(
        first=dt.date(2026, 10, 1),
        last=dt.date(2026, 10, 1),
        columns=("total_fen",),
        customers=[other.pk],
    )

    assert daily == {other.pk: [(dt.date(2026, 10, 1), {"total_fen": 10})]}
    assert customer_daily(first=dt.date(2026, 10, 1), last=dt.date(2026, 10, 5), customers=[]) == {}
    # Nothing in the period (and no file for December): no customer.
    assert customer_daily(first=dt.date(2026, 11, 20), last=dt.date(2026, 12, 5)) == {}


def test_it_refuses_a_reversed_period_or_an_unknown_figure(usage):
    with pytest.raises(ValueError, match="first"):
        customer_daily(first=dt.date(2026, 10, 2), last=dt.date(2026, 10, 1))
    with pytest.raises(ValueError, match="columns"):
        customer_daily(first=dt.date(2026, 10, 1), last=dt.date(2026, 10, 1), columns=("x",))
