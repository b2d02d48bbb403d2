"""``kam retention apply`` drops whole months of itemised records; aggregates stay."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from kamdesk.audit.models import AuditEvent
from kamdesk.usage.models import Ingestion, PurgedMonth, SubscriberMonth, WarehouseFile
from tests.usage.data import cdr_rows, write_csv

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-20 04:00:00+00:00", tick=False)
def test_it_drops_old_months_records_and_keeps_their_aggregates(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    numbers = [s.number for s in subscribers]
    rows = cdr_rows(numbers, months=[(2026, 4), (2026, 5), (2026, 6)], per_month=50)
    call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", rows)), stdout=StringIO())
    aggregates = sorted(SubscriberMonth.objects.values_list("subscriber_id", "month", "total_fen"))
    # One file per month, two where some rows needed normalising (the full query's).
    old_files = WarehouseFile.objects.filter(month__lt="2026-06-01").count()
    assert old_files >= 2
    out = StringIO()

    call_command("retention", "apply", stdout=out)  # 6 months: June to November are kept

    assert [f"{m:%Y-%m}" for m in PurgedMonth.objects.values_list("month", flat=True)] == [
        "2026-04",
        "2026-05",
    ]
    assert {f"{m:%Y-%m}" for m in WarehouseFile.objects.values_list("month", flat=True)} == {
        "2026-06"
    }
    assert sorted(p.name for p in (warehouse / "cdr").iterdir()) == ["2026-06"]
    assert (
        sorted(SubscriberMonth.objects.values_list("subscriber_id", "month", "total_fen"))
        == aggregates
    )
    event = AuditEvent.objects.get(action="usage.retention.applied")
    assert event.extra["months"] == ["2026-04", "2026-05"]
    assert event.extra["rows"] == 100
    assert f"Dropped {old_files} files (100 records)" in out.getvalue()

    late = cdr_rows(numbers, months=[(2026, 5)], per_month=5, prefix="LATE")
    call_command("ingest", "cdr", str(write_csv(tmp_path / "late.csv", late)), stdout=StringIO())

    assert Ingestion.objects.get(source_path=str(tmp_path / "late.csv")).rows_quarantined == 5
    assert (
        sorted(SubscriberMonth.objects.values_list("subscriber_id", "month", "total_fen"))
        == aggregates
    )
