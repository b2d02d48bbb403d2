"""Itemised records for statements, read from the usage warehouse.

The files come from the usage manifest (only complete, registered files) and are read
with the usage app's DuckDB connection settings. No access check here: callers are the
statements services, which decide entitlement first (``entitlement.py``) and audit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from kamdesk.usage import manifest
from kamdesk.usage.cdr_sql import quote_literal
from kamdesk.usage.engines import duckdb_connect
from kamdesk.usage.warehouse import Layout

COLUMNS = (
    "subscriber_pk",
    "record_id",
    "start_local",
    "service",
    "direction",
    "duration_s",
    "volume_kb",
    "peer",
    "roaming",
    "charge_fen",
)
BATCH_ROWS = 50_000


@dataclass(frozen=True)
class Totals:
    records: int
    charge_fen: int


def _files(month: dt.date) -> list[str]:
    layout = Layout(settings.WAREHOUSE_DIR)
    return [str(layout.absolute(f.path)) for f in manifest.cdr_files(months=[month])]


def _source(files: list[str], subscriber_pks: list[int]) -> str:
    listed = ", ".join(quote_literal(f) for f in files)
    keys = ", ".join(str(int(pk)) for pk in subscriber_pks)
    return f"read_parquet([{listed}]) WHERE subscriber_pk IN ({keys})"


def records_in_batches(
    *, subscriber_pks: list[int], month: dt.date, memory_limit: str = "1GB"
) -> Iterator[list[tuple]]:
    """Rows (``COLUMNS``) of the subscribers' records of ``month``, by subscriber then
    time, in batches; nothing when the month has no files or no subscribers."""
    files = _files(month)
    if not files or not subscriber_pks:
        return
    con = duckdb_connect(memory_limit=memory_limit, threads=2)
    try:
        cursor = con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM {_source(files, subscriber_pks)} "  # noqa: S608
            "ORDER BY subscriber_pk, start_local, record_id"
        )
        while batch := cursor.fetchmany(BATCH_ROWS):
            yield batch
    finally:
        con.close()


def subscriber_records(*, subscriber_pk: int, month: dt.date) -> list[tuple]:
    """Every record of one subscriber in ``month``, in time order."""
    rows: list[tuple] = []
    for batch in records_in_batches(subscriber_pks=[subscriber_pk], month=month):
        rows.extend(batch)
    return rows


def totals_by_subscriber(*, subscriber_pks: list[int], month: dt.date) -> dict[int, Totals]:
    """Records and charges per subscriber of ``month``, as the warehouse sums them."""
    files = _files(month)
    if not files or not subscriber_pks:
        return {}
    con = duckdb_connect(memory_limit="1GB", threads=2)
    try:
        rows = con.execute(
            "SELECT subscriber_pk, count(*), coalesce(sum(charge_fen), 0) "  # noqa: S608
            f"FROM {_source(files, subscriber_pks)} GROUP BY subscriber_pk"
        ).fetchall()
    finally:
        con.close()
    return {int(pk): Totals(records=int(n), charge_fen=int(fen)) for pk, n, fen in rows}
