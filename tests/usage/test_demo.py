"""The demo's usage: a year and more of aggregates through the real ingestion, a
corrected bill, the events the later capabilities look for, and a repeat that changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.customers.models import Customer, CustomerStatus
from kamdesk.usage.models import Bill, CustomerMonth, Ingestion, SubscriberEvent

pytestmark = pytest.mark.django_db
SEED = 7
TODAY = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    from kamdesk.customers.demo import demo_load
    from kamdesk.usage import demo as usage_demo

    settings.VAR_DIR = tmp_path
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    monkeypatch.setattr(usage_demo, "TARGET_RECORDS", 60_000)
    with time_machine.travel(TODAY, tick=False):
        demo_load(seed=SEED, scale=0.05)
        summary = usage_demo.usage_demo_load(seed=SEED, today=TODAY.date())
        yield usage_demo, summary


def test_it_fills_fifteen_months_of_aggregates_through_the_ingestion(demo):
    usage_demo, summary = demo
    months = sorted(set(CustomerMonth.objects.values_list("month", flat=True)))

    assert months[0] == dt.date(2025, 8, 1) and months[-1] == dt.date(2026, 10, 1)
    assert len(months) == 15
    assert "call records" in summary
    assert not Ingestion.objects.exclude(status="done").exists()
    assert not Ingestion.objects.filter(rows_quarantined__gt=0).exists()
    # A corrected bill: both versions kept, totals take the new one.
    (corrected,) = Bill.objects.filter(version=2)
    first = Bill.objects.get(bill_id=corrected.bill_id, version=1)
    assert corrected.is_current and not first.is_current
    assert corrected.adjustment_fen < 0
    assert corrected.total_fen == first.total_fen + corrected.adjustment_fen
    # Loaded again (same seed and month): the same files, skipped by their content hash.
    counts = (CustomerMonth.objects.count(), Bill.objects.count(), SubscriberEvent.objects.count())
    with time_machine.travel(TODAY, tick=False):
        usage_demo.usage_demo_load(seed=SEED, today=TODAY.date())
    after = (CustomerMonth.objects.count(), Bill.objects.count(), SubscriberEvent.objects.count())
    assert after == counts


def test_it_declines_the_accounts_at_risk_and_plants_their_signals(demo):
    """What the churn warning, statements and the adviser read from the demo."""
    at_risk = list(
        Customer.objects.filter(status=CustomerStatus.AT_RISK, usage_months__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    assert at_risk

    def spend(month: dt.date) -> int:
        rows = CustomerMonth.objects.filter(customer__in=at_risk, month=month)
        return sum(r.voice_out_calls + r.sms_out + r.data_sessions for r in rows)

    assert spend(dt.date(2026, 10, 1)) < 0.8 * spend(dt.date(2026, 3, 1))
    signals = SubscriberEvent.objects.filter(customer__in=at_risk)
    assert signals.filter(type="port_out_code_requested").exists()
    assert signals.filter(type__in=["plan_downgrade", "service_removed"]).exists()
    competitor = CustomerMonth.objects.filter(customer__in=at_risk, month__gte=dt.date(2026, 8, 1))
    assert sum(r.calls_10010 + r.calls_10000 for r in competitor) > 0
