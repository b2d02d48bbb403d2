"""Usage pages: the 360 panel with its numbers, the export, a subscriber's page and records."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from kamdesk.audit.models import AuditEvent
from kamdesk.usage.models import Bill, SubscriberEvent
from tests.conftest import client_for
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 15, 4, 0, tzinfo=dt.UTC)


def _row(record_id, number, start, charge, **extra):
    row = {
        "record_id": record_id,
        "number": number,
        "service": "voice",
        "direction": "out",
        "start_time": start,
        "duration_s": "120",
        "volume_kb": "0",
        "peer": "13912345678",
        "peer_operator": "",
        "roaming": "none",
        "charge": charge,
    }
    return row | extra


def _rows():
    return [
        _row("P1", "13800000001", "2025-09-10 10:00:00", "5.00"),
        _row("P2", "13800000001", "2026-08-10 10:00:00", "4.00"),
        _row("P3", "13800000001", "2026-09-10 10:00:00", "10.00"),
        _row("P4", "13800000002", "2026-09-11 10:00:00", "1.20", peer="10010"),
        _row(
            "P5",
            "13800000002",
            "2026-09-12 10:00:00",
            "3.00",
            service="data",
            direction="",
            duration_s="0",
            volume_kb="2048",
            peer="cmnet",
            roaming="international",
        ),
    ]


@pytest.fixture
def ingested(warehouse, group, tmp_path):
    with time_machine.travel(NOW, tick=False):
        call_command(
            "ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", _rows())), stdout=StringIO()
        )
    return group


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_shows_the_usage_panel_with_the_numbers_beside_the_charts(ingested, manager):
    customer, _account, subscribers = ingested

    response = client_for(manager).get(f"/usage/customer/{customer.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    charts = json.loads(
        html.split('id="usage-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert charts["months"][0] == "2025-10" and charts["months"][-1] == "2026-09"
    assert charts["total"][-1] == 14.2
    assert charts["data_mb"][-1] == 2.0
    table = html.split('id="usage-spend-table"')[1].split("</table>")[0]
    assert "¥14.20" in table
    # September against August (¥4.00) and against September 2025 (¥5.00).
    assert "+255.0%" in table and "+184.0%" in table
    top = html.split('id="usage-top-spend"')[1].split("</table>")[0]
    assert "138****0001" in top and "13800000001" not in top
    assert top.index("138****0001") < top.index("138****0002")
    assert f"/usage/subscriber/{subscribers[0].pk}/" in top
    assert "13800000003" not in html and "138****0003" in html  # no usage in September
    assert 'data-chart="spend"' in html and "usage/usage_charts.js" in html


def test_it_registers_the_panel_on_the_360_page(ingested, manager):
    customer, _account, _subscribers = ingested

    html = client_for(manager).get(f"/customers/{customer.pk}/").content.decode()

    assert f'hx-get="/usage/customer/{customer.pk}/"' in html


def test_it_answers_404_for_a_customer_outside_the_scope(ingested, other_manager):
    customer, _account, subscribers = ingested
    client = client_for(other_manager)

    assert client.get(f"/usage/customer/{customer.pk}/").status_code == 404
    assert client.get(f"/usage/subscriber/{subscribers[0].pk}/").status_code == 404
    assert client.get(f"/usage/subscriber/{subscribers[0].pk}/records/2026-09/").status_code == 404


def test_it_refuses_the_panel_to_a_role_without_usage_and_audits_it(ingested, backoffice):
    from kamdesk.audit.models import AuditEvent

    customer, _account, _subscribers = ingested

    response = client_for(backoffice).get(f"/usage/customer/{customer.pk}/")

    assert response.status_code == 404
    assert customer.name.encode() not in response.content
    assert AuditEvent.objects.filter(action="access.refused", actor=backoffice).exists()


def test_it_exports_the_panel_as_a_spreadsheet_and_audits_it(ingested, manager):
    customer, _account, _subscribers = ingested

    response = client_for(manager).get(f"/usage/customer/{customer.pk}/export.xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    months = list(book.worksheets[0].iter_rows(values_only=True))
    assert months[-1][0] == "2026-09"
    assert str(months[-1][1]) == "14.2"
    top = list(book.worksheets[1].iter_rows(values_only=True))
    assert top[1][0] == "138****0001"
    assert manager.staff_id in book.worksheets[0].oddFooter.left.text
    event = AuditEvent.objects.get(action="usage.exported")
    assert event.actor == manager and event.customer_id == customer.pk
    assert event.extra["month"] == "2026-09" and event.extra["rows"] > 0


def test_it_refuses_the_export_to_a_role_that_may_not_export_usage(ingested, auditor):
    customer, _account, _subscribers = ingested

    response = client_for(auditor).get(f"/usage/customer/{customer.pk}/export.xlsx")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="usage.exported").exists()


def test_it_shows_a_subscribers_months_and_events(ingested, manager):
    _customer, _account, subscribers = ingested
    SubscriberEvent.objects.create(
        event_id="E1",
        subscriber=subscribers[0],
        customer=subscribers[0].customer,
        number=subscribers[0].number,
        occurred_at=dt.datetime(2026, 9, 20, 2, tzinfo=dt.UTC),
        type="port_out_code_requested",
        detail="营业厅申请",
    )

    response = client_for(manager).get(f"/usage/subscriber/{subscribers[0].pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    months = html.split('id="subscriber-months"')[1].split("</table>")[0]
    assert "2026-09" in months and "¥10.00" in months and "+150.0%" in months
    assert f"/usage/subscriber/{subscribers[0].pk}/records/2026-09/" in months
    assert "营业厅申请" in html and "138****0001" in html and "13800000001" not in html


def test_it_lists_itemised_records_masked_paginated_and_audited(ingested, manager):
    _customer, _account, subscribers = ingested
    url = f"/usage/subscriber/{subscribers[1].pk}/records/2026-09/"

    html = client_for(manager).get(url).content.decode()

    assert "100**" in html or "*****" in html  # the 10010 peer, masked
    assert "cmnet" in html and "¥3.00" in html and "¥1.20" in html
    event = AuditEvent.objects.get(action="usage.records.viewed")
    assert event.actor == manager and event.target_id == str(subscribers[1].pk)
    assert event.extra == {"month": "2026-09", "page": 1, "rows": 2}


def test_it_refuses_itemised_records_to_a_role_without_call_records(ingested, supervisor):
    _customer, _account, subscribers = ingested
    supervisor_client = client_for(supervisor)
    page = supervisor_client.get(f"/usage/subscriber/{subscribers[0].pk}/").content.decode()

    response = supervisor_client.get(f"/usage/subscriber/{subscribers[0].pk}/records/2026-09/")

    assert "/records/" not in page
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="usage.records.viewed").exists()


def test_it_adds_bills_and_group_product_revenue_for_roles_that_see_bills(ingested, manager):
    customer, account, _subscribers = ingested
    Bill.objects.create(
        bill_id="B1",
        version=1,
        account=account,
        customer=customer,
        month=dt.date(2026, 9, 1),
        value_added_fee_fen=50000,
        total_fen=50000,
        paid_fen=0,
    )

    html = client_for(manager).get(f"/usage/customer/{customer.pk}/").content.decode()

    trend = html.split('id="usage-trend-table"')[1].split("</table>")[0]
    assert "¥500.00" in trend
