"""PDF, XLSX and CSV totals equal totals computed independently from the ingested input;
the PDF embeds a CJK font and its text shows the statement number and the total."""

from __future__ import annotations

import re

import pytest

from kamdesk.statements.documents.common import yuan
from kamdesk.statements.services.documents import statement_bytes, statement_generate
from tests.statements.conftest import MONTH
from tests.statements.helpers import (
    csv_rows,
    fen,
    item_total,
    pdf_fonts,
    pdf_text,
    sheet_rows,
    total_row,
)

pytestmark = pytest.mark.django_db


def _make(group, fmt: str, subscriber=None):
    subscriber = subscriber or group.members[0]
    return statement_generate(
        document="statement",
        account=subscriber.account,
        subscriber=subscriber,
        month=MONTH,
        fmt=fmt,
        full_numbers=True,
        prepared_for=subscriber.holder_name,
        actor=None,
    )


def test_it_makes_a_pdf_whose_total_equals_the_input(group):
    records, expected = group.expected(group.members[0])
    row = _make(group, "pdf")
    data = statement_bytes(row)
    assert (row.records, row.total_fen) == (records, expected)
    text = pdf_text(data)
    assert row.number in text
    assert f"合计 {yuan(expected)} 元" in text
    assert f"合计：{records} 条记录" in text
    items = re.findall(r"^\s*\d+\s+2026-10-\d\d .*?(-?[\d,]+\.\d{2})\s*$", text, flags=re.M)
    assert (len(items), sum(fen(i) for i in items)) == (records, expected)


def test_it_embeds_a_cjk_font_in_the_pdf(group):
    fonts = pdf_fonts(statement_bytes(_make(group, "pdf")))
    line = next(line for line in fonts.splitlines() if "WenQuanYi" in line)
    assert " yes " in line  # embedded
    assert "Helvetica" not in fonts


def test_it_makes_an_xlsx_whose_items_and_total_equal_the_input(group):
    records, expected = group.expected(group.members[1])
    row = _make(group, "xlsx", group.members[1])
    rows = sheet_rows(statement_bytes(row))
    assert item_total(rows) == (records, expected)
    assert total_row(rows) == expected
    assert any(r and r[1] == row.number for r in rows)


def test_it_makes_a_csv_whose_items_and_total_equal_the_input(group):
    records, expected = group.expected(group.members[2])
    row = _make(group, "csv", group.members[2])
    rows = csv_rows(statement_bytes(row))
    assert item_total(rows) == (records, expected)
    assert total_row(rows) == expected
    assert row.total_fen == expected


def test_it_shows_full_peer_numbers_to_the_holder(group):
    rows = csv_rows(statement_bytes(_make(group, "csv")))
    peers = {r[5] for r in rows if r and r[0].isdigit()}
    assert "13912345678" in peers or "18600001111" in peers
    assert not any("****" in p for p in peers)
    assert fen("1,234.56") == 123456
