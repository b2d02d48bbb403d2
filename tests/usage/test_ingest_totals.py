"""Totals in the database equal totals computed independently from the input files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from kamdesk.usage.models import CustomerMonth, Ingestion, SubscriberMonth, WarehouseFile
from kamdesk.usage.warehouse import Layout
from tests.usage.data import cdr_rows, expected_totals, write_csv

pytestmark = pytest.mark.django_db

MONTHS = [(2026, 8), (2026, 9)]


def _holder_by_number(subscribers):
    by_number = {s.number: s.subscriber_id for s in subscribers}
    return lambda number, day: by_number.get(number)


def _db_totals():
    return {
        (row.subscriber.subscriber_id, f"{row.month:%Y-%m}"): row
        for row in SubscriberMonth.objects.select_related("subscriber")
    }


def test_it_stores_monthly_totals_equal_to_the_files_to_the_fen(warehouse, group, tmp_path):
    customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=MONTHS, per_month=400)
    first = write_csv(tmp_path / "cdr-a.csv", rows[:500])
    second = write_csv(tmp_path / "cdr-b.csv.gz", rows[500:], gz=True)
    out = StringIO()

    call_command("ingest", "cdr", str(first), str(second), stdout=out)

    expected = expected_totals(rows, _holder_by_number(subscribers))
    stored = _db_totals()
    assert set(stored) == set(expected)
    for key, totals in expected.items():
        row = stored[key]
        assert row.total_fen == totals["total_fen"]
        assert (row.voice_fen, row.sms_fen, row.data_fen) == (
            totals["voice_fen"],
            totals["sms_fen"],
            totals["data_fen"],
        )
        assert row.voice_out_seconds == totals["voice_out_seconds"]
        assert row.voice_out_minutes == totals["voice_out_minutes"]
        assert row.voice_out_calls == totals["voice_out_calls"]
        assert row.data_kb == totals["data_kb"]
    for year, month in MONTHS:
        month_key = f"{year}-{month:02d}"
        customer_row = CustomerMonth.objects.get(
            customer=customer, month__year=year, month__month=month
        )
        assert customer_row.total_fen == sum(
            t["total_fen"] for (_, m), t in expected.items() if m == month_key
        )
    assert "cdr-a.csv: 500 rows, 500 stored, 0 quarantined" in out.getvalue()
    assert "cdr-b.csv.gz: 300 rows, 300 stored" in out.getvalue()
    assert Ingestion.objects.filter(status="done").count() == 2


def test_it_gives_the_same_totals_from_parquet(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=MONTHS, per_month=200, seed=11)
    csv_path = write_csv(tmp_path / "cdr.csv", rows)
    table = pa_csv.read_csv(
        csv_path,
        convert_options=pa_csv.ConvertOptions(
            column_types={
                "number": pa.string(),
                "peer": pa.string(),
                "charge": pa.string(),
                "duration_s": pa.int64(),
                "volume_kb": pa.int64(),
            },
            strings_can_be_null=False,
        ),
    )
    table = table.set_column(
        table.schema.get_field_index("charge"), "charge", table["charge"].cast(pa.decimal128(12, 2))
    )
    parquet_path = tmp_path / "cdr.parquet"
    pq.write_table(table, parquet_path)

    call_command("ingest", "cdr", str(parquet_path), stdout=StringIO())

    expected = expected_totals(rows, _holder_by_number(subscribers))
    stored = _db_totals()
    assert {k: v.total_fen for k, v in stored.items()} == {
        k: v["total_fen"] for k, v in expected.items()
    }
    assert {k: v.data_kb for k, v in stored.items()} == {
        k: v["data_kb"] for k, v in expected.items()
    }


def test_files_of_an_earlier_layout_are_read_alike(warehouse, group, tmp_path, settings):
    """A warehouse file written by an earlier release (with ``number``, ``peer_prefix``
    and stored ``billed_min``) and a current one are aggregated together, to the fen and
    the minute."""
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=MONTHS, per_month=200, seed=7)
    call_command("ingest", "cdr", str(write_csv(tmp_path / "a.csv", rows[:200])), stdout=StringIO())
    layout = Layout(Path(settings.WAREHOUSE_DIR))
    for stored in WarehouseFile.objects.all():
        path = layout.absolute(stored.path)
        con = duckdb.connect()
        con.execute(
            "COPY (SELECT record_id, '13900000000' AS number, subscriber_pk, account_pk, "  # noqa: S608
            "customer_pk, service, direction, start_local, local_month, local_date, "
            "local_hour, weekday, duration_s, "
            "CASE WHEN service = 'voice' THEN (duration_s + 59) // 60 ELSE 0 END AS billed_min, "
            "volume_kb, peer, NULL::VARCHAR AS peer_prefix, peer_operator, roaming, charge_fen "
            f"FROM read_parquet('{path}')) TO '{path}.old' (FORMAT parquet)"
        )
        con.close()
        Path(f"{path}.old").replace(path)
    call_command("ingest", "cdr", str(write_csv(tmp_path / "b.csv", rows[200:])), stdout=StringIO())

    expected = expected_totals(rows, _holder_by_number(subscribers))
    stored = _db_totals()
    assert {k: (v.total_fen, v.voice_out_minutes) for k, v in stored.items()} == {
        k: (v["total_fen"], v["voice_out_minutes"]) for k, v in expected.items()
    }
