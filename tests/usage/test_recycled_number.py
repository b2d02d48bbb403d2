"""A recycled number's records go to the subscriber who held it at the time."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.models import CustomerMonth, SubscriberMonth
from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def test_it_gives_each_holder_of_a_recycled_number_their_own_records(warehouse, manager, tmp_path):
    old_customer = CustomerFactory(manager=manager, name="旧集团")
    new_customer = CustomerFactory(manager=manager, name="新集团")
    old = SubscriberFactory(
        customer=old_customer,
        account=AccountFactory(customer=old_customer),
        number="13800009999",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2026, 9, 15),
    )
    new = SubscriberFactory(
        customer=new_customer,
        account=AccountFactory(customer=new_customer),
        number="13800009999",
        valid_from=dt.date(2026, 9, 15),
    )
    base = {
        "number": "13800009999",
        "service": "voice",
        "direction": "out",
        "duration_s": "30",
        "volume_kb": "0",
        "peer": "13912345678",
        "peer_operator": "",
        "roaming": "none",
    }
    rows = [
        {**base, "record_id": "A", "start_time": "2026-09-14 23:59:59", "charge": "1.00"},
        {**base, "record_id": "B", "start_time": "2026-09-15 00:00:00", "charge": "2.00"},
        {**base, "record_id": "C", "start_time": "2026-09-30 12:00:00", "charge": "4.00"},
        # 16:30 UTC on the 14th is 00:30 on the 15th in Shanghai: the new holder's.
        {**base, "record_id": "D", "start_time": "2026-09-14T16:30:00+00:00", "charge": "8.00"},
    ]

    call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", rows)), stdout=StringIO())

    assert SubscriberMonth.objects.get(subscriber=old).total_fen == 100
    assert SubscriberMonth.objects.get(subscriber=new).total_fen == 1400
    assert CustomerMonth.objects.get(customer=old_customer).total_fen == 100
    assert CustomerMonth.objects.get(customer=new_customer).total_fen == 1400
