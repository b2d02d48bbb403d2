"""Writes of the usage app: ingestion runs, aggregate refreshes, retention, audit of views.

``usage_ingest`` is what ``kam ingest`` calls (and the demo, and tasks): it holds the
warehouse lock, removes what a dead run left, ingests each file and then recomputes the
aggregates of the months touched.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kamdesk.audit.services import audit_record
from kamdesk.customers.models import Subscriber
from kamdesk.usage import manifest
from kamdesk.usage.aggregation import AggregateResult, aggregates_refresh
from kamdesk.usage.idregister import IdRegister
from kamdesk.usage.ingest_cdr import CdrOptions, FileResult, Progress, ingest_cdr_files
from kamdesk.usage.ingest_rows import RowOptions, ingest_bills_file, ingest_events_file
from kamdesk.usage.models import DataKind, PurgedMonth, WarehouseFile
from kamdesk.usage.parsing import utc_to_local
from kamdesk.usage.signals import events_ingested
from kamdesk.usage.warehouse import Layout, expand_inputs, warehouse_lock

KINDS = (DataKind.CDR, DataKind.BILLS, DataKind.EVENTS)


@dataclass(frozen=True)
class ColumnMapping:
    """An operator's column names (and cell values) → ours (the imports' mapping file)."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class IngestRun:
    files: list[FileResult] = field(default_factory=list)
    aggregates: AggregateResult | None = None
    orphans_removed: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


def warehouse_layout() -> Layout:
    return Layout(Path(settings.WAREHOUSE_DIR))


def local_now() -> dt.datetime:
    return utc_to_local(timezone.now())


def usage_ingest(
    *,
    kind: str,
    paths: list[Path],
    mapping: ColumnMapping | None = None,
    encoding: str | None = None,
    aggregate: bool = True,
    on_file: Callable[[Path], None] | None = None,
    progress: Progress | None = None,
) -> IngestRun:
    """Ingest the files (and the input files in the folders) ``paths`` of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    layout = warehouse_layout()
    mapping = mapping or ColumnMapping()
    run = IngestRun()
    with warehouse_lock(layout):
        run.orphans_removed = manifest.sweep_orphans(layout)
        if kind == DataKind.CDR:
            # One run: the subscribers' periods are read once, the id register's months
            # stay in memory from one file to the next, and each file's pass overlaps
            # the publication of the file before.
            run.files = ingest_cdr_files(
                expand_inputs(paths),
                layout=layout,
                options=lambda: CdrOptions(
                    now_local=local_now(),
                    column_names=mapping.columns,
                    value_maps=mapping.values,
                    encoding=encoding,
                ),
                memory_limit=settings.DUCKDB_MEMORY_LIMIT,
                progress=progress,
                on_file=on_file,
            )
        else:
            for path in expand_inputs(paths):
                if on_file:
                    on_file(path)
                run.files.append(_ingest_rows(kind, path, layout, mapping, encoding))
        if aggregate:
            run.aggregates = aggregates_refresh()
    stored = sum(f.counts.good for f in run.files if f.status == "ingested")
    if kind == DataKind.EVENTS and stored:
        events_ingested.send(sender=IngestRun, count=stored)
    return run


def _ingest_rows(
    kind: str, path: Path, layout: Layout, mapping: ColumnMapping, encoding: str | None
) -> FileResult:
    """One file of bills or subscriber events."""
    row_options = RowOptions(
        now_local=local_now(),
        column_names=mapping.columns,
        value_maps=mapping.values,
        encoding=encoding,
    )
    ingest = ingest_bills_file if kind == DataKind.BILLS else ingest_events_file
    return ingest(path=path, layout=layout, options=row_options)


def usage_aggregate(*, months: list[dt.date] | None = None) -> AggregateResult:
    """Recompute pending months (and ``months``) under the warehouse lock."""
    with warehouse_lock(warehouse_layout()):
        return aggregates_refresh(months=months)


# --- retention ----------------------------------------------------------------------


@dataclass
class RetentionResult:
    cutoff: dt.date
    months: list[dt.date] = field(default_factory=list)
    files: int = 0
    rows: int = 0


def retention_cutoff(*, today: dt.date, keep_months: int) -> dt.date:
    """The first month kept: the current month and the ``keep_months - 1`` before it."""
    index = today.year * 12 + today.month - 1 - max(keep_months - 1, 0)
    return dt.date(index // 12, index % 12 + 1, 1)


def retention_apply(
    *, actor: Any = None, keep_months: int | None = None, today: dt.date | None = None
) -> RetentionResult:
    """Drop the itemised records of whole months older than the retention period.

    The months are recorded (``PurgedMonth``) and the audit trail says what was dropped;
    the aggregates of those months stay. Rows of a dropped month are refused from then on.
    """
    keep = keep_months if keep_months is not None else settings.USAGE_RETENTION_MONTHS
    cutoff = retention_cutoff(today=today or local_now().date(), keep_months=keep)
    result = RetentionResult(cutoff=cutoff)
    layout = warehouse_layout()
    with warehouse_lock(layout):
        files = list(WarehouseFile.objects.filter(kind=DataKind.CDR, month__lt=cutoff))
        if not files:
            return result
        by_month: dict[dt.date, list[WarehouseFile]] = {}
        for f in files:
            by_month.setdefault(f.month, []).append(f)
        with transaction.atomic():
            for month, month_files in sorted(by_month.items()):
                _record_purge(month, month_files)
            WarehouseFile.objects.filter(pk__in=[f.pk for f in files]).delete()
            result.months = sorted(by_month)
            result.files, result.rows = len(files), sum(f.rows for f in files)
            audit_record(
                actor=actor,
                action="usage.retention.applied",
                extra={
                    "cutoff": f"{cutoff:%Y-%m}",
                    "months": [f"{m:%Y-%m}" for m in result.months],
                    "files": result.files,
                    "rows": result.rows,
                    "keep_months": keep,
                },
            )
        # Deleted after the commit: if this fails, the files are unregistered orphans that
        # the next ingestion sweeps, never records a reader could see.
        for month in result.months:
            shutil.rmtree(layout.cdr_dir(month), ignore_errors=True)
        IdRegister(layout.root).drop_months(result.months)
    return result


def _record_purge(month: dt.date, files: list[WarehouseFile]) -> None:
    purge, _created = PurgedMonth.objects.get_or_create(kind=DataKind.CDR, month=month)
    purge.files += len(files)
    purge.rows += sum(f.rows for f in files)
    purge.save(update_fields=["files", "rows"])


# --- audit of views -----------------------------------------------------------------


def usage_records_viewed(
    *,
    actor: Any,
    subscriber: Subscriber,
    month: dt.date,
    page: int,
    rows: int,
    ip: str | None = None,
) -> None:
    """Record that ``actor`` looked at a subscriber's itemised records (communication data)."""
    audit_record(
        actor=actor,
        action="usage.records.viewed",
        target=subscriber,
        customer_id=subscriber.customer_id,
        ip=ip,
        extra={"month": f"{month:%Y-%m}", "page": page, "rows": rows},
    )


def bills_viewed(
    *,
    actor: Any,
    customer_id: int,
    months: list[dt.date],
    subscriber: Subscriber | None = None,
    ip: str | None = None,
) -> None:
    """Record that ``actor`` was shown bill figures (personal information, D3): a customer's
    on the usage panel, or one subscriber's on its page."""
    target: dict[str, Any] = (
        {"target": subscriber}
        if subscriber is not None
        else {
            "target_type": "customers.customer",
            "target_id": str(customer_id),
        }
    )
    audit_record(
        actor=actor,
        action="bill.viewed",
        customer_id=customer_id,
        ip=ip,
        extra={"months": [f"{m:%Y-%m}" for m in months]},
        **target,
    )


def usage_exported(
    *, actor: Any, customer_id: int, month: dt.date, rows: int, ip: str | None = None
) -> None:
    """Record an export of a customer's usage figures (every export is audited)."""
    audit_record(
        actor=actor,
        action="usage.exported",
        target_type="customers.customer",
        target_id=str(customer_id),
        customer_id=customer_id,
        ip=ip,
        extra={"format": "xlsx", "month": f"{month:%Y-%m}", "rows": rows},
    )
