"""A corrected bill version is marked, says which it replaces, and replaces the old one
in totals; VAT, payments and arrears are shown as billing provides them."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.statements.services.documents import statement_bytes, statement_generate
from kamdesk.usage.parsing import BILL_COLUMNS
from tests.statements.conftest import MONTH
from tests.statements.helpers import csv_rows, pdf_text
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def _bill(bill_id, version, subscriber_id, total, paid, **fees):
    row = dict.fromkeys(BILL_COLUMNS, "0.00")
    row.update(
        bill_id=bill_id,
        version=str(version),
        account_code="A-NJ-001",
        subscriber_id=subscriber_id,
        month="2026-10",
        plan_fee=total,
        total=total,
        paid=paid,
        due_date="2026-11-20",
    )
    row.update(fees)
    return row


def _ingest(tmp_path, name, rows):
    call_command(
        "ingest", "bills", str(write_csv(tmp_path / name, rows, BILL_COLUMNS)), stdout=StringIO()
    )


@pytest.fixture
def bills(group, tmp_path):
    _ingest(
        tmp_path,
        "b1.csv",
        [
            _bill("B-1", 1, "S-NJ-1", "128.00", "100.00", vat_basic="7.20", vat_value_added="3.10"),
            _bill("B-2", 1, "S-NJ-2", "58.00", "58.00"),
        ],
    )
    _ingest(
        tmp_path,
        "b2.csv",
        [
            _bill(
                "B-1",
                2,
                "S-NJ-1",
                "108.00",
                "100.00",
                plan_fee="128.00",
                adjustment="-20.00",
                vat_basic="6.08",
                vat_value_added="3.10",
            )
        ],
    )
    return group


def _bill_doc(group, fmt):
    return statement_generate(
        document="bill",
        account=group.group_account,
        subscriber=None,
        month=MONTH,
        fmt=fmt,
        full_numbers=True,
        prepared_for=group.contact.name,
        actor=None,
    )


def test_it_marks_the_corrected_version_and_totals_the_latest(bills):
    row = _bill_doc(bills, "pdf")
    assert row.total_fen == 108_00 + 58_00  # v2 of B-1 replaced v1 (128.00)
    assert (row.bill_version, row.replaces_version) == (2, 1)
    text = pdf_text(statement_bytes(row))
    assert "更正：B-1 第2版，取代第1版" in text
    assert re.search(r"本期应付合计\s+166\.00", text)  # not 128.00 + 58.00 = 186.00
    assert "-20.00" in text  # the adjustment
    assert "8.00" in text  # arrears: 108.00 billed, 100.00 paid


def test_it_splits_vat_as_billing_provides_it(bills):
    text = pdf_text(statement_bytes(_bill_doc(bills, "pdf")))
    assert "基础电信服务" in text and "6.08" in text
    assert "增值电信服务" in text and "3.10" in text


def test_it_lists_each_subscriber_of_a_group_in_the_spreadsheet(bills):
    rows = csv_rows(statement_bytes(_bill_doc(bills, "csv")))
    by_bill = {r[0]: r for r in rows if r and r[0].startswith("B-")}
    assert by_bill["B-1"][1] == "2" and by_bill["B-1"][2] == "13800000001"
    assert [r for r in rows if r and r[0] == "合计"][0][-1] == "166.00"
