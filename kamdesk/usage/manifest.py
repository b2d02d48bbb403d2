"""The manifest: which input files were ingested and which warehouse files are complete.

Readers take their file lists from ``cdr_files``; a warehouse file not registered here
does not exist for them. The calling process holds the warehouse lock, so a manifest
row still ``running`` belongs to a run that died and can be taken over.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kamdesk.usage.models import (
    DataKind,
    Ingestion,
    IngestionStatus,
    PurgedMonth,
    WarehouseFile,
)
from kamdesk.usage.warehouse import Layout


@dataclass(frozen=True)
class NewFile:
    """A complete warehouse file, already in place, to register."""

    month: dt.date
    relative_path: str
    rows: int
    size_bytes: int


@dataclass
class Counts:
    total: int = 0
    good: int = 0
    quarantined: int = 0
    duplicate: int = 0


def ingestion_begin(*, kind: str, source: Path, digest: str, size: int) -> Ingestion | None:
    """A manifest row for this file in state ``running``; None if it was ingested already."""
    with transaction.atomic():
        ingestion, created = Ingestion.objects.get_or_create(
            content_hash=digest,
            defaults={"kind": kind, "source_path": str(source), "size_bytes": size},
        )
        if not created and ingestion.status == IngestionStatus.DONE:
            return None
        if not created:
            # A previous run of this file died or failed: start it again from scratch.
            ingestion.files.all().delete()
            Ingestion.objects.filter(pk=ingestion.pk).update(
                kind=kind,
                source_path=str(source),
                size_bytes=size,
                status=IngestionStatus.RUNNING,
                message="",
                created_at=timezone.now(),
            )
            ingestion.refresh_from_db()
    return ingestion


def ingestion_commit(
    *,
    ingestion: Ingestion,
    files: list[NewFile],
    counts: Counts,
    months: list[dt.date],
    seconds: float,
    report_path: str = "",
    quarantine_path: str = "",
) -> Ingestion:
    """Register the files and mark the ingestion done, in one transaction."""
    with transaction.atomic():
        WarehouseFile.objects.bulk_create(
            WarehouseFile(
                ingestion=ingestion,
                kind=DataKind.CDR,
                month=f.month,
                path=f.relative_path,
                rows=f.rows,
                size_bytes=f.size_bytes,
            )
            for f in files
        )
        _finish(
            ingestion,
            counts=counts,
            months=months,
            seconds=seconds,
            report_path=report_path,
            quarantine_path=quarantine_path,
            aggregated=ingestion.kind != DataKind.CDR or not files,
        )
    return ingestion


def _finish(
    ingestion: Ingestion,
    *,
    counts: Counts,
    months: list[dt.date],
    seconds: float,
    report_path: str,
    quarantine_path: str,
    aggregated: bool,
) -> None:
    ingestion.status = IngestionStatus.DONE
    ingestion.rows_total, ingestion.rows_good = counts.total, counts.good
    ingestion.rows_quarantined, ingestion.rows_duplicate = counts.quarantined, counts.duplicate
    ingestion.months = sorted(f"{m:%Y-%m}" for m in months)
    ingestion.aggregated = aggregated
    ingestion.report_path, ingestion.quarantine_path = report_path, quarantine_path
    ingestion.seconds, ingestion.finished_at = seconds, timezone.now()
    ingestion.save()


def ingestion_fail(*, ingestion: Ingestion, message: str) -> None:
    Ingestion.objects.filter(pk=ingestion.pk).update(
        status=IngestionStatus.FAILED, message=message[:2000], finished_at=timezone.now()
    )


def cdr_files(*, months: list[dt.date] | None = None) -> list[WarehouseFile]:
    """The complete CDR files (of ``months``, or all), as readers must see them."""
    qs = WarehouseFile.objects.filter(kind=DataKind.CDR, ingestion__status=IngestionStatus.DONE)
    if months is not None:
        qs = qs.filter(month__in=months)
    return list(qs.order_by("month", "path"))


def dropped_months() -> list[dt.date]:
    return list(PurgedMonth.objects.filter(kind=DataKind.CDR).values_list("month", flat=True))


def sweep_orphans(layout: Layout) -> list[str]:
    """Delete warehouse files no manifest lists (left by a run that died) and the work area.

    Only safe under the warehouse lock: a running ingestion's files are unregistered
    until it commits.
    """
    registered = set(WarehouseFile.objects.values_list("path", flat=True))
    removed = []
    for path in layout.cdr_files_on_disk():
        relative = layout.relative(path)
        if relative not in registered:
            path.unlink()
            removed.append(relative)
    shutil.rmtree(layout.tmp, ignore_errors=True)
    return removed


def months_pending_aggregation() -> tuple[list[int], list[dt.date]]:
    """(ingestion ids, months) of CDR files whose months' aggregates are out of date."""
    pending = Ingestion.objects.filter(
        kind=DataKind.CDR, status=IngestionStatus.DONE, aggregated=False
    ).values_list("pk", "months")
    ids: list[int] = []
    months: set[dt.date] = set()
    for pk, touched in pending:
        ids.append(pk)
        months.update(dt.date.fromisoformat(f"{m}-01") for m in touched)
    return ids, sorted(months)
