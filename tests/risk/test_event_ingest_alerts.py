"""A leaving event ingested into the usage warehouse gets its alert and mandatory
retention visit as it is ingested, not at the next scheduled run; ingesting the same
file again creates nothing more."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.risk.models import RiskAlert
from kamdesk.usage.parsing import EVENT_COLUMNS
from kamdesk.visits.models import Visit
from tests.risk.factories import group_with_line
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(settings, tmp_path):
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    settings.DUCKDB_MEMORY_LIMIT = "1GB"
    return settings.WAREHOUSE_DIR


def _events(tmp_path, sub, name: str = "events.csv", count: int = 2):  # noqa: ANN001, ANN202
    rows = [
        {
            "event_id": "EV-PORT-1",
            "subscriber_id": "",
            "number": sub.number,
            "time": "2026-11-25 08:30:00",
            "type": "携号转网授权码申请",
            "detail": "短信 SQXH 至 10086",
        },
        {
            "event_id": "EV-TOPUP-1",
            "subscriber_id": "",
            "number": sub.number,
            "time": "2026-11-25 08:40:00",
            "type": "activation",
            "detail": "",
        },
    ]
    return write_csv(tmp_path / name, rows[:count], list(EVENT_COLUMNS))


def test_a_port_out_request_is_acted_on_when_it_is_ingested(
    frozen, manager, warehouse, tmp_path, django_capture_on_commit_callbacks
):
    customer, sub = group_with_line(manager=manager, grade_code="A")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "events", str(_events(tmp_path, sub)), stdout=StringIO())

    alert = RiskAlert.objects.get(customer=customer)
    assert alert.trigger == "port_out_code_requested" and alert.subscriber == sub
    assert alert.source_ref == "event:EV-PORT-1"
    visit = Visit.objects.get(pk=alert.visit_id)
    assert visit.required_reason == "retention" and visit.manager == manager

    # The same port-out event again, in another file: stored once, acted on once.
    again = _events(tmp_path, sub, "again.csv", count=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "events", str(again), stdout=StringIO())
    assert RiskAlert.objects.filter(customer=customer).count() == 1
    assert Visit.objects.filter(customer=customer, required_reason="retention").count() == 1


def test_events_that_are_not_leaving_events_open_nothing(
    frozen, manager, warehouse, tmp_path, django_capture_on_commit_callbacks
):
    customer, sub = group_with_line(manager=manager, grade_code="B")
    rows = [
        {
            "event_id": "EV-ACT-1",
            "subscriber_id": "",
            "number": sub.number,
            "time": "2026-11-25 08:40:00",
            "type": "activation",
            "detail": "",
        }
    ]
    path = write_csv(tmp_path / "activation.csv", rows, list(EVENT_COLUMNS))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "events", str(path), stdout=StringIO())
    assert not RiskAlert.objects.filter(customer=customer).exists()
