"""A run killed after writing Parquet but before the manifest commit, then run again,
leaves exact totals: readers never saw the half-written files, the re-run removes them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kamdesk.usage import manifest
from kamdesk.usage.models import Ingestion, IngestionStatus, SubscriberMonth, WarehouseFile
from tests.usage.data import cdr_rows, expected_totals, write_csv

pytestmark = pytest.mark.django_db


class Killed(Exception):
    pass


def test_it_recovers_exact_totals_after_a_run_killed_before_the_commit(
    warehouse, group, tmp_path, monkeypatch
):
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 8), (2026, 9)], per_month=250)
    path = write_csv(tmp_path / "cdr.csv", rows)
    real_commit = manifest.ingestion_commit

    def die(**kwargs):
        raise Killed

    monkeypatch.setattr(manifest, "ingestion_commit", die)
    with pytest.raises(Killed):
        call_command("ingest", "cdr", str(path), stdout=StringIO())

    # Written and renamed into place, but never registered: a file per month, two where
    # some rows needed normalising (the full query's).
    on_disk = list((warehouse / "cdr").glob("*/*.parquet"))
    assert len(on_disk) >= 2
    assert not WarehouseFile.objects.exists()
    assert not SubscriberMonth.objects.exists()
    assert Ingestion.objects.get().status == IngestionStatus.FAILED

    monkeypatch.setattr(manifest, "ingestion_commit", real_commit)
    out = StringIO()
    call_command("ingest", "cdr", str(path), stdout=out)

    assert f"Removed {len(on_disk)} incomplete files" in out.getvalue()
    by_number = {s.number: s.pk for s in subscribers}
    expected = expected_totals(rows, lambda number, day: by_number.get(number))
    stored = {
        (r.subscriber_id, f"{r.month:%Y-%m}"): r.total_fen for r in SubscriberMonth.objects.all()
    }
    assert stored == {k: v["total_fen"] for k, v in expected.items()}
    assert len(list((warehouse / "cdr").glob("*/*.parquet"))) == len(on_disk)


def test_it_finishes_aggregates_a_killed_run_had_not_written(
    warehouse, group, tmp_path, monkeypatch
):
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=100)
    call_command(
        "ingest",
        "cdr",
        str(write_csv(tmp_path / "a.csv", rows)),
        "--no-aggregate",
        stdout=StringIO(),
    )
    assert not SubscriberMonth.objects.exists()

    call_command("ingest", "cdr", str(write_csv(tmp_path / "b.csv", rows[:1])), stdout=StringIO())

    assert sum(SubscriberMonth.objects.values_list("total_fen", flat=True)) == sum(
        int(round(float(r["charge"]) * 100)) for r in rows
    )


def test_a_run_dying_with_the_next_files_pass_in_flight_fails_both_and_recovers(
    warehouse, group, tmp_path, monkeypatch
):
    """The next file's pass runs while the file before is committed: when that commit
    dies, the file in flight is recorded as failed too, and a new run ingests both."""
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=300)
    first = write_csv(tmp_path / "first.csv", rows[:150])
    second = write_csv(tmp_path / "second.csv", rows[150:])
    real_commit = manifest.ingestion_commit

    def die(**kwargs):
        raise Killed

    monkeypatch.setattr(manifest, "ingestion_commit", die)
    with pytest.raises(Killed):
        call_command("ingest", "cdr", str(first), str(second), stdout=StringIO())

    assert sorted(Ingestion.objects.values_list("status", flat=True)) == [
        IngestionStatus.FAILED,
        IngestionStatus.FAILED,
    ]
    assert not WarehouseFile.objects.exists()

    monkeypatch.setattr(manifest, "ingestion_commit", real_commit)
    call_command("ingest", "cdr", str(first), str(second), stdout=StringIO())

    by_number = {s.number: s.pk for s in subscribers}
    expected = expected_totals(rows, lambda number, day: by_number.get(number))
    stored = {
        (r.subscriber_id, f"{r.month:%Y-%m}"): r.total_fen for r in SubscriberMonth.objects.all()
    }
    assert stored == {k: v["total_fen"] for k, v in expected.items()}


def test_a_file_that_fails_between_good_ones_leaves_them_ingested(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=200)
    first = write_csv(tmp_path / "a.csv", rows[:100])
    broken = tmp_path / "b.csv"
    broken.write_text("record_id,number\nX1,13800000001\n", encoding="utf-8")
    last = write_csv(tmp_path / "c.csv", rows[100:])
    out = StringIO()

    with pytest.raises(CommandError, match="1 files could not be ingested"):
        call_command("ingest", "cdr", str(first), str(broken), str(last), stdout=out)

    statuses = {i.source_path.rsplit("/", 1)[-1]: i.status for i in Ingestion.objects.all()}
    assert statuses == {
        "a.csv": IngestionStatus.DONE,
        "b.csv": IngestionStatus.FAILED,
        "c.csv": IngestionStatus.DONE,
    }
    assert "columns missing from the file" in Ingestion.objects.get(status="failed").message
    by_number = {s.number: s.pk for s in subscribers}
    expected = expected_totals(rows, lambda number, day: by_number.get(number))
    assert sum(SubscriberMonth.objects.values_list("total_fen", flat=True)) == sum(
        t["total_fen"] for t in expected.values()
    )
