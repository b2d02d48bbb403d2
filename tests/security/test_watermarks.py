"""Pages and exported files carry the viewer's staff id, name and the time."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from kamdesk.audit.services import audit_record
from kamdesk.core.watermark import Watermark, svg
from tests.conftest import client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 28, 6, 30, tzinfo=dt.UTC)  # 14:30 in Shanghai
STAMP = "2026-11-28 14:30"


@pytest.fixture
def named_manager(manager):
    manager.staff_id, manager.display_name = "JS0042", "张经理"
    manager.save()
    return manager


def test_it_puts_the_watermark_layer_on_every_signed_in_page(named_manager):
    CustomerFactory(manager=named_manager)
    page = client_for(named_manager).get("/customers/").content.decode()
    assert 'id="kd-watermark"' in page and "security/watermark.css" in page
    assert 'id="kd-watermark"' not in client_for(named_manager).get("/login/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_it_draws_the_viewer_and_the_time_in_the_watermark_tile(named_manager):
    response = client_for(named_manager).get("/security/watermark.svg")
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert "JS0042" in body and "张经理" in body and STAMP in body


def test_it_escapes_names_in_the_tile():
    mark = Watermark(staff_id="S1", name="<script>", at=NOW)
    assert "<script>" not in svg(mark) and "&lt;script&gt;" in svg(mark)


@time_machine.travel(NOW, tick=False)
def test_it_watermarks_every_row_of_the_customer_csv(named_manager):
    CustomerFactory(manager=named_manager)
    CustomerFactory(manager=named_manager)
    response = client_for(named_manager).get("/customers/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert all(row[-1] == f"JS0042 张经理 {STAMP}" for row in rows[1:]) and len(rows) == 3


@time_machine.travel(NOW, tick=False)
def test_it_watermarks_the_customer_workbook_header_footer_and_author(named_manager):
    CustomerFactory(manager=named_manager)
    response = client_for(named_manager).get("/customers/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert f"JS0042 张经理 {STAMP}" in sheet.oddHeader.right.text
    assert f"JS0042 张经理 {STAMP}" in sheet.oddFooter.left.text
    assert book.properties.creator == f"JS0042 张经理 {STAMP}"


@time_machine.travel(NOW, tick=False)
def test_it_watermarks_the_audit_export(auditor):
    auditor.staff_id = "AU0007"
    auditor.save()
    client = client_for(auditor)
    audit_record(actor=auditor, action="call_record.viewed", customer_id=7)
    body = b"".join(client.get("/audit/export.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][-1].startswith("AU0007") and rows[1][-1].endswith(STAMP)
    book = load_workbook(io.BytesIO(client.get("/audit/export.xlsx").content))
    assert "AU0007" in book.active.oddFooter.left.text


def test_it_watermarks_pdf_pages():
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from kamdesk.audit.watermark import watermark_pdf_page

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    watermark_pdf_page(canvas, Watermark(staff_id="JS0042", name="Zhang", at=NOW))
    canvas.showPage()
    canvas.save()
    text = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert "JS0042 Zhang 2026-11-28 14:30" in text
