"""Outgoing minutes inside a closed user group (V网) are counted for its members only."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from kamdesk.customers.models import Product, ProductMember
from kamdesk.usage.models import AccountMonth, CustomerMonth, SubscriberMonth
from kamdesk.usage.selectors import usage_days_of_customer
from kamdesk.usage.warehouse import Layout
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db

SEPT = dt.date(2026, 9, 1)
ONE, TWO, THREE = "13800000001", "13800000002", "13800000003"


def _call(record_id, number, peer, seconds, *, service="voice", direction="out"):
    return {
        "record_id": record_id,
        "number": number,
        "service": service,
        "direction": direction,
        "start_time": f"2026-09-{int(record_id[1:]) + 1:02d} 10:00:00",
        "duration_s": str(seconds),
        "volume_kb": "0",
        "peer": peer,
        "peer_operator": "cmcc",
        "roaming": "none",
        "charge": "0.50",
    }


CALLS = [
    # The two members call each other by full number (any national form) and short number.
    _call("R1", ONE, TWO, 125),  # 3 minutes
    _call("R2", ONE, "6602", 60),  # 1 minute
    _call("R3", TWO, "+8613800000001", 61),  # 2 minutes
    _call("R4", TWO, "6601", 30),  # 1 minute
    _call("R5", TWO, "008613800000001", 10),  # 1 minute
    # Not in the group: a call to the outsider, an unknown short number, an incoming
    # call and an SMS between members.
    _call("R6", ONE, THREE, 300),
    _call("R7", ONE, "6603", 60),
    _call("R8", ONE, TWO, 600, direction="in"),
    _call("R9", ONE, TWO, 0, service="sms"),
    # The outsider dials the members by number and by short number: not its group.
    _call("R10", THREE, ONE, 120),
    _call("R11", THREE, "6601", 120),
]


def _vpmn(customer, members, *, product_id="VPMN-NJ-1", status="active"):
    product = Product.objects.create(
        product_id=product_id, customer=customer, kind="vpmn", name="南钢V网", status=status
    )
    for subscriber, short in members:
        ProductMember.objects.create(product=product, subscriber=subscriber, short_number=short)
    return product


def _ingest(tmp_path):
    path = write_csv(tmp_path / "cdr.csv", CALLS)
    call_command("ingest", "cdr", str(path), stdout=StringIO())


def _minutes(subscriber):
    row = SubscriberMonth.objects.get(subscriber=subscriber, month=SEPT)
    return row.voice_out_cug_calls, row.voice_out_cug_minutes, row.voice_out_minutes


def test_it_counts_calls_between_members_by_full_and_short_number(warehouse, group, tmp_path):
    customer, account, (one, two, three) = group
    _vpmn(customer, [(one, "6601"), (two, "6602")])

    _ingest(tmp_path)

    assert _minutes(one) == (2, 4, 3 + 1 + 5 + 1)
    assert _minutes(two) == (3, 4, 2 + 1 + 1)
    assert _minutes(three) == (0, 0, 2 + 2)
    account_row = AccountMonth.objects.get(account=account, month=SEPT)
    customer_row = CustomerMonth.objects.get(customer=customer, month=SEPT)
    assert (account_row.voice_out_cug_calls, account_row.voice_out_cug_minutes) == (5, 8)
    assert (customer_row.voice_out_cug_calls, customer_row.voice_out_cug_minutes) == (5, 8)


def test_it_gives_the_daily_cug_minutes(warehouse, group, tmp_path, manager):
    customer, _account, (one, two, _three) = group
    _vpmn(customer, [(one, "6601"), (two, "6602")])

    _ingest(tmp_path)

    days = usage_days_of_customer(user=manager, customer_id=customer.pk, month=SEPT)
    in_group = {
        d["local_date"].day: d["voice_out_cug_minutes"] for d in days if d["voice_out_cug_minutes"]
    }
    assert in_group == {2: 3, 3: 1, 4: 2, 5: 1, 6: 1}


def test_it_ignores_closed_groups_and_groups_of_others(warehouse, group, tmp_path):
    customer, _account, (one, two, three) = group
    _vpmn(customer, [(one, "6601"), (three, "6603")], product_id="VPMN-OLD", status="closed")
    _vpmn(customer, [(two, "6609")], product_id="VPMN-OTHER")

    _ingest(tmp_path)

    # ONE and TWO share no open group (6601 is ONE's short number only in the closed
    # group); THREE's group is closed.
    assert _minutes(one)[:2] == (0, 0)
    assert _minutes(two)[:2] == (0, 0)
    assert _minutes(three)[:2] == (0, 0)


def test_it_reads_daily_files_written_before_the_cug_columns_as_zeros(
    warehouse, group, tmp_path, manager
):
    customer, _account, (one, two, _three) = group
    _vpmn(customer, [(one, "6601"), (two, "6602")])
    _ingest(tmp_path)
    path = Layout(warehouse).daily_path(SEPT)
    old = pq.read_table(path).drop_columns(["voice_out_cug_calls", "voice_out_cug_minutes"])
    pq.write_table(old, path)

    days = usage_days_of_customer(user=manager, customer_id=customer.pk, month=SEPT)

    assert days and all(day["voice_out_cug_minutes"] == 0 for day in days)
    assert sum(day["voice_out_minutes"] for day in days) == 18
