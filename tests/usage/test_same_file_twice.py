"""Ingesting the same file twice changes nothing; a record id seen before counts once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.models import Ingestion, SubscriberMonth, WarehouseFile
from tests.usage.data import cdr_rows, write_csv

pytestmark = pytest.mark.django_db


def _totals():
    return sorted(
        SubscriberMonth.objects.values_list(
            "subscriber_id", "month", "total_fen", "voice_out_calls"
        )
    )


def test_it_skips_a_file_it_has_already_ingested(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=300)
    path = write_csv(tmp_path / "cdr.csv", rows)
    call_command("ingest", "cdr", str(path), stdout=StringIO())
    before, files = _totals(), sorted(WarehouseFile.objects.values_list("path", flat=True))
    out = StringIO()

    call_command("ingest", "cdr", str(path), stdout=out)

    assert "already ingested, skipped" in out.getvalue()
    assert _totals() == before
    assert sorted(WarehouseFile.objects.values_list("path", flat=True)) == files
    assert Ingestion.objects.count() == 1


def test_it_counts_a_record_id_once_across_and_within_files(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=300)
    first = write_csv(tmp_path / "first.csv", rows[:200])
    # The second file repeats 100 records of the first and one of its own rows.
    second = write_csv(tmp_path / "second.csv", rows[100:] + rows[250:251])
    call_command("ingest", "cdr", str(first), stdout=StringIO())

    call_command("ingest", "cdr", str(second), stdout=StringIO())

    once = write_csv(tmp_path / "all.csv", rows)
    second_run = Ingestion.objects.get(source_path=str(second))
    assert (second_run.rows_good, second_run.rows_duplicate) == (100, 101)
    totals = _totals()
    SubscriberMonth.objects.all().delete()
    Ingestion.objects.all().delete()
    call_command("ingest", "cdr", str(once), stdout=StringIO())
    assert _totals() == totals
