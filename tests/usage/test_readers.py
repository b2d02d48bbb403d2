"""Every way a CDR file is read gives the same result: UTF-8 CSV (DuckDB's reader for the
main pass, Arrow for the refused rows), GB18030 CSV (Arrow throughout) and a typed
Parquet export; a CSV file neither reader accepts fails with a message, storing nothing."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from io import StringIO

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from kamdesk.usage.models import Ingestion, SubscriberMonth, WarehouseFile
from tests.usage.data import CDR_HEADER
from tests.usage.test_quarantine import BAD, GOOD

pytestmark = pytest.mark.django_db

ROWS = [*GOOD, *BAD.values()]


def _outcome(ingestion: Ingestion) -> tuple:
    with open(ingestion.quarantine_path, encoding="utf-8") as handle:
        quarantined = sorted((r["row"], r["record_id"]) for r in csv.DictReader(handle))
    with open(ingestion.report_path, encoding="utf-8") as handle:
        report = sorted((r["row"], r["column"], r["code"]) for r in csv.DictReader(handle))
    month = SubscriberMonth.objects.get()
    return (
        (ingestion.rows_total, ingestion.rows_good, ingestion.rows_quarantined),
        quarantined,
        report,
        (month.total_fen, month.voice_out_calls, month.calls_unicom, month.sms_out),
    )


def _ingest(path) -> tuple:
    call_command("ingest", "cdr", str(path), stdout=StringIO())
    outcome = _outcome(Ingestion.objects.get(source_path=str(path)))
    # Start again from an empty warehouse for the next reader.
    SubscriberMonth.objects.all().delete()
    WarehouseFile.objects.all().delete()
    Ingestion.objects.all().delete()
    return outcome


def _write(path, encoding):
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=CDR_HEADER)
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def test_utf8_and_gb18030_csv_give_the_same_result(warehouse, group, tmp_path):
    utf8 = _ingest(_write(tmp_path / "utf8.csv", "utf-8"))
    gb = _ingest(_write(tmp_path / "gb.csv", "gb18030"))

    assert utf8 == gb
    assert utf8[0] == (len(ROWS), len(GOOD), len(BAD))
    assert utf8[3][2] == 1  # 中国联通 read right in both encodings


def test_a_typed_parquet_export_with_bad_rows_is_read_like_the_csv(warehouse, group, tmp_path):
    # Typed as an export would be where the cell is valid; the bad rows keep text cells
    # in columns a typed export cannot hold, so those columns stay text.
    rows = [r for r in ROWS if r["record_id"] not in {"B3", "B8", "B9"}]
    table = pa.table(
        {
            **{c: [r[c] for r in rows] for c in CDR_HEADER if c not in {"start_time", "charge"}},
            "start_time": pa.array(
                [
                    dt.datetime.fromisoformat(r["start_time"].replace("Z", "+00:00"))
                    .astimezone(dt.timezone(dt.timedelta(hours=8)))
                    .replace(tzinfo=None)
                    for r in rows
                ],
                pa.timestamp("s"),
            ),
            "charge": pa.array([Decimal(r["charge"]) for r in rows], pa.decimal128(12, 3)),
        }
    )
    parquet = tmp_path / "cdr.parquet"
    pq.write_table(table, parquet)
    with open(tmp_path / "same.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CDR_HEADER)
        writer.writeheader()
        writer.writerows(rows)

    from_parquet = _ingest(parquet)
    from_csv = _ingest(tmp_path / "same.csv")

    assert from_parquet[0] == from_csv[0] == (len(rows), len(GOOD), len(rows) - len(GOOD))
    assert from_parquet[3] == from_csv[3]
    codes = lambda outcome: sorted((c, code) for _row, c, code in outcome[2])  # noqa: E731
    assert codes(from_parquet) == codes(from_csv)


def test_a_csv_file_with_a_broken_row_fails_whole_with_a_message(warehouse, group, tmp_path):
    path = _write(tmp_path / "broken.csv", "utf-8")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("X1,13800000001,voice,out\n")  # four cells of eleven

    with pytest.raises(CommandError, match="could not be ingested"):
        call_command("ingest", "cdr", str(path), stdout=StringIO(), stderr=StringIO())

    ingestion = Ingestion.objects.get()
    assert ingestion.status == "failed"
    assert "not a readable CSV file" in ingestion.message
    assert not WarehouseFile.objects.exists()
    assert not SubscriberMonth.objects.exists()
