"""Free on-net calls: a plan that makes calls inside the group's closed user group (V网)
free is credited with the members' minutes counted from their call records."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from kamdesk.advisor.optimiser import usage_of
from kamdesk.advisor.services import optimisation_run
from kamdesk.customers.models import Product, ProductMember
from kamdesk.usage.models import SubscriberMonth
from tests.advisor.factories import TODAY, line, plan
from tests.factories import CustomerFactory
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)
MONTHS = (8, 9, 10)  # the three complete months before TODAY
ONE, TWO, THREE = "13800000001", "13800000002", "13800000003"


@pytest.fixture
def warehouse(settings, tmp_path):
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    settings.DUCKDB_MEMORY_LIMIT = "1GB"
    return settings.WAREHOUSE_DIR


def _call(record_id, number, peer, minutes, month, charge):
    return {
        "record_id": record_id,
        "number": number,
        "service": "voice",
        "direction": "out",
        "start_time": f"2026-{month:02d}-10 10:00:00",
        "duration_s": str(minutes * 60),
        "volume_kb": "0",
        "peer": peer,
        "peer_operator": "cmcc",
        "roaming": "none",
        "charge": charge,
    }


def _records():
    """Each month every line makes 300 outgoing minutes billed ¥100: the two members call
    each other 250 minutes (by short number and by full number), the rest goes outside."""
    rows = []
    for month in MONTHS:
        rows += [
            _call(f"A{month}", ONE, "6602", 250, month, "80.00"),
            _call(f"B{month}", ONE, "02584561234", 50, month, "20.00"),
            _call(f"C{month}", TWO, f"+86{ONE}", 250, month, "80.00"),
            _call(f"D{month}", TWO, "02584561234", 50, month, "20.00"),
            _call(f"E{month}", THREE, ONE, 250, month, "80.00"),
            _call(f"F{month}", THREE, "02584561234", 50, month, "20.00"),
        ]
    return rows


@pytest.fixture
def group_with_vpmn(manager, warehouse, tmp_path):
    old = plan("OLD0100", "100", minutes=500)
    customer = CustomerFactory(manager=manager, kind="group")
    one, two, three = (
        line(customer, old, number=number, valid_from=dt.date(2020, 1, 1))
        for number in (ONE, TWO, THREE)
    )
    vpmn = Product.objects.create(product_id="V1", customer=customer, kind="vpmn", name="V网")
    ProductMember.objects.create(product=vpmn, subscriber=one, short_number="6601")
    ProductMember.objects.create(product=vpmn, subscriber=two, short_number="6602")
    call_command(
        "ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", _records())), stdout=StringIO()
    )
    return customer, (one, two, three)


@time_machine.travel(NOON, tick=False)
def test_it_credits_a_plan_with_free_on_net_calls_with_the_members_minutes(
    manager, group_with_vpmn
):
    customer, (one, two, three) = group_with_vpmn
    vnet = plan("VNET0050", "50", minutes=100, cug_free=True)
    p60 = plan("P0060", "60", minutes=300)

    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=3)

    lines = {x.subscriber_id: x for x in run.lines.filter(kind="subscriber")}
    # Members: 300 - 250 free = 50 minutes fit the ¥50 V网 plan (P60 would cost ¥60).
    for member in (one, two):
        assert lines[member.pk].recommended_plan == vnet.code
        assert (lines[member.pk].current_month, lines[member.pk].recommended_month) == (
            Decimal("100.00"),
            Decimal("50.00"),
        )
    # The outsider's calls to a member are not free: the V网 plan would cost
    # ¥50 + 200 × ¥0.19 = ¥88, so the ¥60 plan is the cheapest.
    outsider = lines[three.pk]
    assert outsider.recommended_plan == p60.code
    assert {a["plan"]: a["average_fen"] for a in outsider.alternatives}[vnet.code] == 8800
    assert run.saving_month == Decimal("140.00")  # 2 × ¥50 + ¥40
    assert run.saving_year == Decimal("1680.00")


def test_it_reads_the_cug_minutes_of_a_stored_month(group_with_vpmn):
    _customer, (one, _two, three) = group_with_vpmn

    member = usage_of(SubscriberMonth.objects.get(subscriber=one, month=dt.date(2026, 9, 1)))
    outsider = usage_of(SubscriberMonth.objects.get(subscriber=three, month=dt.date(2026, 9, 1)))

    assert (member.voice_minutes, member.cug_minutes) == (300, 250)
    assert (outsider.voice_minutes, outsider.cug_minutes) == (300, 0)
