"""Subscriber events: types (incl. port-out code requests), resolution and duplicates."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.models import EventType, Ingestion, SubscriberEvent
from kamdesk.usage.parsing import EVENT_COLUMNS
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def test_it_stores_events_once_and_resolves_numbers(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = [
        {
            "event_id": "E1",
            "subscriber_id": "S-NJ-1",
            "number": "",
            "time": "2026-09-01 09:00:00",
            "type": "携号转网授权码申请",
            "detail": "营业厅",
        },
        {
            "event_id": "E2",
            "subscriber_id": "",
            "number": "13800000002",
            "time": "2026-09-02T01:00:00Z",
            "type": "plan_downgrade",
            "detail": "",
        },
        {
            "event_id": "E3",
            "subscriber_id": "",
            "number": "13999999999",
            "time": "2026-09-02 09:00:00",
            "type": "suspension",
            "detail": "",
        },
        {
            "event_id": "E4",
            "subscriber_id": "S-NJ-3",
            "number": "",
            "time": "2026-09-03 09:00:00",
            "type": "teleport",
            "detail": "",
        },
    ]
    path = write_csv(tmp_path / "events.csv", rows, list(EVENT_COLUMNS))
    call_command("ingest", "events", str(path), stdout=StringIO())
    again = write_csv(tmp_path / "events-again.csv", rows[:2], list(EVENT_COLUMNS))
    call_command("ingest", "events", str(again), stdout=StringIO())

    events = {e.event_id: e for e in SubscriberEvent.objects.all()}
    assert set(events) == {"E1", "E2"}
    assert events["E1"].type == EventType.PORT_OUT_CODE_REQUESTED
    assert events["E1"].subscriber == subscribers[0]
    assert events["E2"].subscriber == subscribers[1]
    assert events["E2"].occurred_at == dt.datetime(2026, 9, 2, 1, 0, tzinfo=dt.UTC)
    first = Ingestion.objects.get(source_path=str(path))
    assert (first.rows_good, first.rows_quarantined) == (2, 2)
    assert Ingestion.objects.get(source_path=str(again)).rows_duplicate == 2
