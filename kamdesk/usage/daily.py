"""Daily usage per customer across the whole warehouse, for background jobs.

This is a system read with no access scope (the nightly early-warning run compares
every customer's days); pages read daily figures through the scoped selectors in
``kamdesk.usage.selectors``. Only the month files the period touches are opened, and
only the columns asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings

from kamdesk.usage.selectors import month_range
from kamdesk.usage.warehouse import Layout

DAILY_COLUMNS = (
    "total_fen",
    "voice_out_minutes",
    "voice_in_minutes",
    "data_kb",
    "sms_out",
    "sms_in",
)

DaySeries = list[tuple[dt.date, dict[str, int]]]


def _read(
    path: Path,
    first: dt.date,
    last: dt.date,
    columns: tuple[str, ...],
    customers: Collection[int] | None,
) -> pa.Table:
    """One month file's rows in [first, last], summed per customer and day."""
    filters: list[tuple[str, str, object]] = [
        ("local_date", ">=", first),
        ("local_date", "<=", last),
    ]
    if customers is not None:
        filters.append(("customer_pk", "in", sorted(customers)))
    table = pq.read_table(
        path,
        # Every daily figure here has been in the daily files since they were first
        # written: none is missing from an older file.
        columns=["customer_pk", "local_date", *columns],
        filters=filters,
    )
    table = table.filter(pc.is_valid(table["customer_pk"]))
    summed = table.group_by(["customer_pk", "local_date"]).aggregate([(c, "sum") for c in columns])
    return summed.rename_columns([n.removesuffix("_sum") for n in summed.column_names])


def customer_daily(
    *,
    first: dt.date,
    last: dt.date,
    columns: tuple[str, ...] = DAILY_COLUMNS,
    customers: Collection[int] | None = None,
) -> dict[int, DaySeries]:
    """Every customer (of ``customers``, if given) with usage between ``first`` and
    ``last`` (inclusive): one entry per day, oldest first, with the subscriber rows
    summed. A day without usage is there with zeros, since a silent day is information.
    Callers reading many customers pass them in chunks to bound memory."""
    if first > last:
        raise ValueError(f"first ({first}) is after last ({last})")
    unknown = set(columns) - set(DAILY_COLUMNS)
    if unknown:
        raise ValueError(f"columns: unknown daily figure(s) {sorted(unknown)}")
    if customers is not None and not customers:
        return {}
    layout = Layout(Path(settings.WAREHOUSE_DIR))
    found: dict[int, dict[dt.date, dict[str, int]]] = {}
    for month in month_range(first, last):
        path = layout.daily_path(month)
        if not path.exists():
            continue
        for row in _read(path, first, last, columns, customers).to_pylist():
            figures = {c: int(row[c] or 0) for c in columns}
            found.setdefault(row["customer_pk"], {})[row["local_date"]] = figures
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    zero = dict.fromkeys(columns, 0)
    return {
        customer: [(day, by_day.get(day, dict(zero))) for day in days]
        for customer, by_day in sorted(found.items())
    }
