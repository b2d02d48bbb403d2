"""Bills by version: a corrected bill replaces the earlier one in totals and both are kept."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.models import Bill, Ingestion
from kamdesk.usage.parsing import BILL_COLUMNS
from kamdesk.usage.selectors import bill_months_of_customer
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def _bill(bill_id, version, *, subscriber_id="", total="128.00", paid="0.00", **fees):
    row = {name: "0.00" for name in BILL_COLUMNS}
    row.update(
        bill_id=bill_id,
        version=str(version),
        account_code="A-NJ-001",
        subscriber_id=subscriber_id,
        month="2026-09",
        plan_fee=total,
        total=total,
        paid=paid,
        due_date="2026-10-20",
    )
    row.update(fees)
    return row


def test_it_totals_the_latest_version_and_keeps_the_earlier_one(
    warehouse, group, manager, tmp_path
):
    customer, _account, _subscribers = group
    first = [
        _bill("B-1", 1, subscriber_id="S-NJ-1", total="128.00", paid="100.00"),
        _bill("B-2", 1, subscriber_id="S-NJ-2", total="58.00", paid="58.00"),
    ]
    # B-1 corrected: a refund of 20 yuan as a negative adjustment.
    correction = [
        _bill(
            "B-1",
            2,
            subscriber_id="S-NJ-1",
            total="108.00",
            paid="100.00",
            plan_fee="128.00",
            adjustment="-20.00",
        ),
    ]
    call_command(
        "ingest",
        "bills",
        str(write_csv(tmp_path / "b1.csv", first, BILL_COLUMNS)),
        stdout=StringIO(),
    )

    call_command(
        "ingest",
        "bills",
        str(write_csv(tmp_path / "b2.csv", correction, BILL_COLUMNS)),
        stdout=StringIO(),
    )

    months = bill_months_of_customer(user=manager, customer_id=customer.pk)
    assert len(months) == 1
    assert months[0].total_fen == 10800 + 5800
    assert months[0].paid_fen == 15800
    assert months[0].arrears_fen == 800
    history = Bill.objects.filter(bill_id="B-1").order_by("version")
    assert [(b.version, b.total_fen, b.is_current) for b in history] == [
        (1, 12800, False),
        (2, 10800, True),
    ]


def test_it_quarantines_negative_fees_but_not_negative_adjustments(warehouse, group, tmp_path):
    rows = [
        _bill("B-3", 1, total="90.00", adjustment="-10.00", plan_fee="100.00"),
        _bill("B-4", 1, total="-5.00", plan_fee="-5.00"),
        _bill("B-5", 1, total="99.00", plan_fee="100.00"),
        _bill("B-6", 1, total="10.00", plan_fee="10.00", account_code="NO-SUCH"),
    ]
    call_command(
        "ingest", "bills", str(write_csv(tmp_path / "b.csv", rows, BILL_COLUMNS)), stdout=StringIO()
    )

    ingestion = Ingestion.objects.get()
    assert list(Bill.objects.values_list("bill_id", flat=True)) == ["B-3"]
    with open(ingestion.report_path, encoding="utf-8") as handle:
        report = {(r["row"], r["column"], r["code"]) for r in csv.DictReader(handle)}
    assert report == {
        ("3", "plan_fee", "negative_charge"),
        ("4", "total", "total_mismatch"),
        ("5", "account_code", "unknown_account"),
    }
