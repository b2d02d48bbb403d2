"""Itemised call records: the other party masked everywhere, unless the viewer holds a
grant for that customer's call records; then shown (page and API) and audited."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from kamdesk.audit.models import AuditEvent
from kamdesk.security.models import UnmaskGrant
from tests.conftest import api_client_for, client_for
from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 15, 4, 0, tzinfo=dt.UTC)
PEER = "13912345678"


@pytest.fixture
def records(manager, settings, tmp_path):
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    settings.DUCKDB_MEMORY_LIMIT = "1GB"
    customer = CustomerFactory(name="南京钢铁集团", manager=manager)
    account = AccountFactory(customer=customer)
    line = SubscriberFactory(customer=customer, account=account, number="13800000001")
    other = CustomerFactory(name="无锡钢铁集团", manager=manager)
    other_line = SubscriberFactory(
        customer=other, account=AccountFactory(customer=other), number="13800000009"
    )
    rows = [
        {
            "record_id": f"R{i}",
            "number": number,
            "service": "voice",
            "direction": "out",
            "start_time": "2026-09-10 10:00:00",
            "duration_s": "60",
            "volume_kb": "0",
            "peer": PEER,
            "peer_operator": "",
            "roaming": "none",
            "charge": "1.00",
        }
        for i, number in enumerate(["13800000001", "13800000009"])
    ]
    with time_machine.travel(NOW, tick=False):
        call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", rows)), stdout=StringIO())
    return customer, line, other_line


def _vault_grant(manager, supervisor, customer):
    client_for(manager).post(
        f"/security/unmask/customers/{customer.pk}/call_record/",
        {"method": "vault", "reason": "客户投诉话单核查"},
    )
    grant = UnmaskGrant.objects.get()
    client_for(supervisor).post(
        f"/security/unmask/{grant.pk}/decide/", {"decision": "approve", "note": "投诉单已核实"}
    )
    return grant


@time_machine.travel(NOW, tick=False)
def test_it_shows_the_other_party_only_under_a_grant_for_that_customer(
    records, manager, supervisor
):
    customer, line, other_line = records
    page = client_for(manager)
    url = f"/usage/subscriber/{line.pk}/records/2026-09/"
    api = api_client_for(manager)
    api_url = f"/api/v1/subscribers/{line.pk}/records?month=2026-09"
    assert PEER not in page.get(url).content.decode()
    assert PEER not in api.get(api_url).content.decode()
    assert not AuditEvent.objects.filter(action="call_record.unmasked").exists()

    grant = _vault_grant(manager, supervisor, customer)

    assert PEER in page.get(url).content.decode()
    assert api.get(api_url).json()["items"][0]["peer"] == PEER
    other_url = f"/usage/subscriber/{other_line.pk}/records/2026-09/"
    assert PEER not in page.get(other_url).content.decode()  # another customer: masked
    events = AuditEvent.objects.filter(action="call_record.unmasked")
    assert [e.grant_id for e in events] == [grant.pk, grant.pk]
    assert sorted(e.extra["how"] for e in events) == ["api", "view"]

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        assert PEER not in page.get(url).content.decode()
