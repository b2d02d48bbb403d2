"""Exports of the customer list: masked, allowed by the matrix, and audited."""

import csv
import io

import pytest
from openpyxl import load_workbook

from kamdesk.audit.models import AuditEvent
from kamdesk.users.models import PermissionRule
from kamdesk.users.permissions import clear_cache
from tests.conftest import client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_exports_csv_with_masked_identity_numbers(manager, group, vip, line):
    response = client_for(manager).get("/customers/export.csv")
    text = response.content.decode("utf-8-sig")
    assert line.number not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(rows) == 3
    assert vip.id_number not in text and vip.id_number_masked in text
    assert group.uscc in text


def test_it_exports_xlsx_with_masked_identity_numbers(manager, group, vip):
    response = client_for(manager).get("/customers/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert vip.id_number not in cells and vip.id_number_masked in cells
    assert "中国移动测试集团" in cells


def test_it_exports_only_the_filtered_list(manager, group, vip):
    response = client_for(manager).get("/customers/export.csv", {"kind": "individual"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["王金卡"]


def test_it_records_each_export_in_the_audit_trail(manager, group, vip):
    client_for(manager).get("/customers/export.xlsx", {"q": "zgyd"})
    event = AuditEvent.objects.get(action="customer.exported")
    assert event.actor == manager
    assert event.extra == {"format": "xlsx", "count": 1, "filters": {"q": "zgyd"}}


def test_it_keeps_a_searched_number_masked_in_the_audit_trail(manager, group):
    client_for(manager).get("/customers/export.csv", {"q": "13951234567"})
    event = AuditEvent.objects.get(action="customer.exported")
    assert event.extra["filters"] == {"q": "139****4567"}


def test_it_defuses_formulas_in_text_cells(manager):
    CustomerFactory(manager=manager, name='=HYPERLINK("http://x")')
    text = client_for(manager).get("/customers/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_it_refuses_export_without_the_permission(manager, group):
    PermissionRule.objects.filter(role="manager", data_kind="profile", action="export").delete()
    clear_cache()
    client = client_for(manager)
    assert client.get("/customers/export.csv").status_code == 403
    assert client.get("/customers/export.xlsx").status_code == 403
    assert "export.csv" not in client.get("/customers/").content.decode()
    assert not AuditEvent.objects.filter(action="customer.exported").exists()
