"""The usage API: monthly aggregates, itemised records (masked, audited), events; scope 404."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from kamdesk.audit.models import AuditEvent
from kamdesk.usage.models import SubscriberEvent
from tests.conftest import api_client_for
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def _rows():
    base = {
        "number": "13800000001",
        "service": "voice",
        "direction": "out",
        "duration_s": "61",
        "volume_kb": "0",
        "peer_operator": "",
        "roaming": "none",
    }
    return [
        {
            **base,
            "record_id": "R1",
            "start_time": "2026-08-03 09:00:00",
            "peer": "13912345678",
            "charge": "1.50",
        },
        {
            **base,
            "record_id": "R2",
            "start_time": "2026-09-05 23:30:00",
            "peer": "10010",
            "charge": "0.25",
        },
        {
            **base,
            "record_id": "R3",
            "start_time": "2026-09-01 08:00:00",
            "peer": "18612345678",
            "charge": "2.00",
            "roaming": "international",
        },
    ]


@pytest.fixture
def ingested(warehouse, group, tmp_path):
    call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", _rows())), stdout=StringIO())
    return group


def test_it_answers_monthly_usage_of_a_customer_with_money_as_strings(ingested, manager):
    customer, _account, _subscribers = ingested
    response = api_client_for(manager).get(
        f"/api/v1/customers/{customer.pk}/usage?from=2026-07&to=2026-09"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    july, august, september = body["items"]
    assert (july["month"], july["spend_total"]) == ("2026-07", "0.00")
    assert august["spend_total"] == "1.50"
    assert august["voice_out_minutes"] == 2
    assert september["spend_total"] == "2.25"
    assert september["spend_roaming"] == "2.00"
    assert september["competitor_service_calls"]["unicom_10010"] == 1
    assert september["calls_by_operator"]["unicom"] == 1
    assert september["operator_estimated"] is True
    assert september["night_share"] == 0.5


def test_it_answers_404_outside_the_callers_scope(ingested, other_manager):
    customer, _account, subscribers = ingested
    client = api_client_for(other_manager)
    for url in (
        f"/api/v1/customers/{customer.pk}/usage",
        f"/api/v1/subscribers/{subscribers[0].pk}/usage",
        f"/api/v1/subscribers/{subscribers[0].pk}/records?month=2026-09",
        f"/api/v1/subscribers/{subscribers[0].pk}/events",
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action="usage.records.viewed").exists()


def test_it_masks_peers_of_itemised_records_and_audits_the_view(ingested, manager):
    _customer, _account, subscribers = ingested
    subscriber = subscribers[0]
    response = api_client_for(manager).get(
        f"/api/v1/subscribers/{subscriber.pk}/records?month=2026-09&page_size=1&page=2"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["pages"], body["page"]) == (2, 2, 2)
    (record,) = body["items"]
    assert record["record_id"] == "R2"
    assert record["peer"] == "*****"
    assert record["start"] == "2026-09-05T23:30:00+08:00"
    assert record["charge"] == "0.25"
    event = AuditEvent.objects.get(action="usage.records.viewed")
    assert event.actor == manager
    assert event.target_id == str(subscriber.pk)
    assert event.customer_id == subscriber.customer_id
    assert event.extra == {"month": "2026-09", "page": 2, "rows": 1}
    first_page = (
        api_client_for(manager)
        .get(f"/api/v1/subscribers/{subscriber.pk}/records?month=2026-09&page_size=1")
        .json()
    )
    assert first_page["items"][0]["peer"] == "186****5678"


def test_it_lists_a_subscribers_events_with_masked_numbers(ingested, manager):
    _customer, _account, subscribers = ingested
    SubscriberEvent.objects.create(
        event_id="E1",
        subscriber=subscribers[0],
        customer=subscribers[0].customer,
        number=subscribers[0].number,
        occurred_at=dt.datetime(2026, 9, 1, 1, tzinfo=dt.UTC),
        type="port_out_code_requested",
    )

    body = api_client_for(manager).get(f"/api/v1/subscribers/{subscribers[0].pk}/events").json()

    assert body["count"] == 1
    assert body["items"][0]["type"] == "port_out_code_requested"
    assert body["items"][0]["number"] == "138****0001"


def test_it_refuses_bad_months_with_422_and_anonymous_callers_with_401(ingested, manager):
    customer, _account, subscribers = ingested
    client = api_client_for(manager)
    bad = client.get(f"/api/v1/customers/{customer.pk}/usage?from=2026-13&to=2026-09")
    assert bad.status_code == 422
    assert "from" in bad.json()["errors"]
    reversed_range = client.get(f"/api/v1/customers/{customer.pk}/usage?from=2026-09&to=2026-01")
    assert reversed_range.status_code == 422
    assert client.get(f"/api/v1/subscribers/{subscribers[0].pk}/records").status_code == 422
    assert Client().get(f"/api/v1/customers/{customer.pk}/usage").status_code == 401
