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
from django.db import transaction

from kamdesk.customers.models import Account, Customer, Subscriber
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


def compute_aggregates(
    engine: Engine, paths: list[str], prefixes: dict[str, str]
) -> dict[str, pa.Table]:
    """Every aggregate of ``queries.AGGREGATES`` over the files ``paths``, sorted."""
    cdr = engine.read_parquet(paths)
    operators = queries.operator_table(prefixes)
    results = {}
    for name, build in queries.AGGREGATES.items():
        table = engine.to_arrow(build(cdr, operators))
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
        tables = compute_aggregates(engine, paths, operator_prefixes()) if paths else {}
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


def _existing_ids() -> dict[str, set[int]]:
    """Keys that still exist: rows of deleted subscribers or accounts are left out."""
    return {
        "subscriber_id": set(Subscriber.objects.values_list("pk", flat=True)),
        "account_id": set(Account.objects.values_list("pk", flat=True)),
        "customer_id": set(Customer.objects.values_list("pk", flat=True)),
    }


def _instances(name: str, table: pa.Table, existing: dict[str, set[int]]) -> list[Any]:
    model, keys = _MODELS[name]
    objects = []
    for row in table.to_pylist():
        values = {keys.get(k, k): v for k, v in row.items() if k != "local_month"}
        if all(values[field_name] in existing[field_name] for field_name in keys.values()):
            objects.append(model(month=row["local_month"], **values))
    return objects


def _replace_months(
    months: list[dt.date], tables: dict[str, pa.Table], *, ingestion_ids: list[int]
) -> dict[str, int]:
    existing = _existing_ids() if tables else {}
    counts = {}
    with transaction.atomic():
        for name, (model, _keys) in _MODELS.items():
            model.objects.filter(month__in=months).delete()
            objects = _instances(name, tables[name], existing) if name in tables else []
            model.objects.bulk_create(objects, batch_size=500)
            counts[name] = len(objects)
        Ingestion.objects.filter(pk__in=ingestion_ids).update(aggregated=True)
    return counts
