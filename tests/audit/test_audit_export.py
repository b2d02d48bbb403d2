"""The auditor exports the trail as CSV or XLSX, and the export is itself audited."""

import csv
import io

import pytest
from openpyxl import load_workbook

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(manager):
    audit_record(
        actor=manager, action="call_record.viewed", customer_id=7, purpose='=HYPERLINK("http://x")'
    )
    audit_record(actor=manager, action="bill.exported", customer_id=8)


def test_it_exports_the_filtered_trail_as_csv(auditor, trail):
    response = client_for(auditor).get("/audit/export.csv", {"customer": "7"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # the header and one event
    assert rows[1][0] == "1" and rows[1][4] == "call_record.viewed"


def test_it_exports_xlsx(auditor, trail):
    response = client_for(auditor).get("/audit/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    actions = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [a for a in actions if not a.startswith(("auth.", "audit."))] == [
        "bill.exported",
        "call_record.viewed",
    ]


def test_it_audits_the_export(auditor, trail):
    client_for(auditor).get("/audit/export.csv", {"action": "bill"})
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.actor == auditor
    assert event.extra["format"] == "csv"
    assert event.extra["rows"] == 1
    assert event.extra["filters"]["action"] == "bill"


def test_it_defuses_formulas_in_exported_cells(auditor, trail):
    response = client_for(auditor).get("/audit/export.csv", {"customer": "7"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert ",'=HYPERLINK" in text.replace('"', "")
