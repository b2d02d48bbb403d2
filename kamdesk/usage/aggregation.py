"""Recomputing the usage aggregates of the months that new files touched.

The engine (``settings.ANALYTICS_ENGINE``) runs the Ibis expressions of ``queries`` over
the registered CDR files of those months. Monthly rows replace the months' rows in the
database in one transaction, which also marks the ingestions as aggregated; daily rows
replace each month's daily Parquet file (written whole, then renamed). A run that dies
before the transaction leaves the ingestions marked pending, and the next run redoes
their months.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection, transaction

from kamdesk.customers.models import (
    Account,
    Customer,
    ProductKind,
    ProductMember,
    RecordStatus,
    Subscriber,
)
from kamdesk.usage import manifest, queries
from kamdesk.usage.engines import Engine, engine_for
from kamdesk.usage.models import (
    AccountMonth,
    CustomerMonth,
    Ingestion,
    OperatorPrefix,
    SubscriberMonth,
)
from kamdesk.usage.operators import DEFAULT_PREFIXES
from kamdesk.usage.warehouse import Layout, write_parquet_atomically


@dataclass
class AggregateResult:
    months: list[dt.date] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    engine: str = ""


def current_engine() -> Engine:
    return engine_for(
        settings.ANALYTICS_ENGINE,
        memory_limit=settings.DUCKDB_MEMORY_LIMIT,
        spark_master=settings.SPARK_MASTER,
    )


def operator_prefixes() -> dict[str, str]:
    stored = dict(OperatorPrefix.objects.values_list("prefix", "operator"))
    return stored or dict(DEFAULT_PREFIXES)


def cug_members() -> list[tuple[int, int, str, str]]:
    """The members of every closed user group (V网) not closed: (group, subscriber,
    number, short number).

    Memberships carry no history, so the months recomputed count calls inside the
    groups as they are when the aggregates are computed.
    """
    members = ProductMember.objects.filter(product__kind=ProductKind.VPMN).exclude(
        product__status=RecordStatus.CLOSED
    )
    return list(
        members.order_by("pk").values_list(
            "product_id", "subscriber_id", "subscriber__number", "short_number"
        )
    )


def compute_aggregates(
    engine: Engine,
    paths: list[str],
    prefixes: dict[str, str],
    cug: list[tuple[int, int, str, str]] | None = None,
) -> dict[str, pa.Table]:
    """Every aggregate of ``queries.AGGREGATES`` over the files ``paths``, sorted.

    ``cug`` lists the closed-user-group members (``cug_members``); none by default.
    """
    cdr = engine.read_parquet(paths)
    operators = queries.operator_table(prefixes)
    groups = queries.cug_table(cug or [])
    results = {}
    for name, build in queries.AGGREGATES.items():
        table = engine.to_arrow(build(cdr, operators, groups))
        results[name] = table.sort_by([(key, "ascending") for key in queries.SORT_KEYS[name]])
    return results


def aggregates_refresh(
    *, months: list[dt.date] | None = None, engine: Engine | None = None
) -> AggregateResult:
    """Recompute the months pending after ingestion (and ``months``), whole months at a time."""
    started = time.monotonic()
    ids, pending = manifest.months_pending_aggregation()
    dropped = set(manifest.dropped_months())
    # A month whose itemised records retention dropped keeps the aggregates it had.
    todo = sorted((set(pending) | set(months or [])) - dropped)
    result = AggregateResult(months=todo)
    if todo:
        layout = Layout(settings.WAREHOUSE_DIR)
        paths = [str(layout.absolute(f.path)) for f in manifest.cdr_files(months=todo)]
        engine = engine or current_engine()
        result.engine = engine.name
        tables = (
            compute_aggregates(engine, paths, operator_prefixes(), cug_members()) if paths else {}
        )
        _write_daily(layout, todo, tables.get("subscriber_daily"))
        result.rows = _replace_months(todo, tables, ingestion_ids=ids)
    elif ids:
        Ingestion.objects.filter(pk__in=ids).update(aggregated=True)
    result.seconds = time.monotonic() - started
    return result


def _write_daily(layout: Layout, months: list[dt.date], daily: pa.Table | None) -> None:
    for month in months:
        path = layout.daily_path(month)
        if daily is None:
            path.unlink(missing_ok=True)
            continue
        rows = daily.filter(pc.equal(daily["local_month"], pa.scalar(month, pa.date32())))
        if rows.num_rows:
            write_parquet_atomically(rows, path, layout.tmp)
        else:
            path.unlink(missing_ok=True)


_MODELS: dict[str, tuple[type[Any], dict[str, str]]] = {
    "subscriber_monthly": (
        SubscriberMonth,
        {
            "subscriber_pk": "subscriber_id",
            "account_pk": "account_id",
            "customer_pk": "customer_id",
        },
    ),
    "account_monthly": (AccountMonth, {"account_pk": "account_id", "customer_pk": "customer_id"}),
    "customer_monthly": (CustomerMonth, {"customer_pk": "customer_id"}),
}


def _existing_ids() -> dict[str, pa.Array]:
    """Keys that still exist: rows of deleted subscribers or accounts are left out."""
    return {
        "subscriber_id": pa.array(Subscriber.objects.values_list("pk", flat=True), pa.int64()),
        "account_id": pa.array(Account.objects.values_list("pk", flat=True), pa.int64()),
        "customer_id": pa.array(Customer.objects.values_list("pk", flat=True), pa.int64()),
    }


def _kept(name: str, table: pa.Table, existing: dict[str, pa.Array]) -> pa.Table:
    _model, keys = _MODELS[name]
    for source, field_name in keys.items():
        table = table.filter(pc.is_in(table[source], value_set=existing[field_name]))
    return table


def _insert(model: type[Any], table: pa.Table, keys: dict[str, str]) -> int:
    """Insert the rows of ``table`` with one prepared statement (``executemany``).

    A month of a large province is hundreds of thousands of rows: building a model
    instance per row for ``bulk_create`` took most of the refresh, and these rows have
    no defaults, signals or auto fields to honour beyond the primary key.
    """
    ops = connection.ops
    names = [keys.get(c, c) for c in table.column_names if c != "local_month"]
    columns = [model._meta.get_field(n).column for n in names]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (our own identifiers)
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(c) for c in ["month", *columns]),
        ", ".join(["%s"] * (len(columns) + 1)),
    )
    months = [ops.adapt_datefield_value(m) for m in table["local_month"].to_pylist()]
    values = [table[c].to_pylist() for c in table.column_names if c != "local_month"]
    rows = list(zip(months, *values, strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    return len(rows)


def _replace_months(
    months: list[dt.date], tables: dict[str, pa.Table], *, ingestion_ids: list[int]
) -> dict[str, int]:
    existing = _existing_ids() if tables else {}
    counts = {}
    with transaction.atomic():
        for name, (model, keys) in _MODELS.items():
            model.objects.filter(month__in=months).delete()
            counts[name] = (
                _insert(model, _kept(name, tables[name], existing), keys) if name in tables else 0
            )
        Ingestion.objects.filter(pk__in=ingestion_ids).update(aggregated=True)
    return counts
