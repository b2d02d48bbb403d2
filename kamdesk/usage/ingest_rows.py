"""Ingesting bills and subscriber events: few enough rows to check one by one.

Both go to the database (bills by version, events by id), written in the same
transaction as the manifest row, so a file appears whole or not at all. A bill
(``bill_id``, ``version``) or an event id seen before is not stored twice.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from kamdesk.customers.models import Account, Subscriber
from kamdesk.usage import manifest
from kamdesk.usage.holders import HolderIndex, subscriber_periods
from kamdesk.usage.ingest_cdr import FileResult
from kamdesk.usage.models import Bill, DataKind, Ingestion, SubscriberEvent
from kamdesk.usage.parsing import (
    BILL_COLUMNS,
    BILL_REQUIRED,
    EVENT_COLUMNS,
    EVENT_REQUIRED,
    ParsedRow,
    local_to_utc,
    parse_bill_row,
    parse_event_row,
)
from kamdesk.usage.reports import report_paths, write_row_reports
from kamdesk.usage.warehouse import InputError, Layout, content_hash, input_rows


@dataclass(frozen=True)
class RowOptions:
    now_local: dt.datetime
    column_names: dict[str, str] = field(default_factory=dict)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    encoding: str | None = None


@dataclass
class Batch:
    """What a file yields: objects to store, refused rows, duplicates."""

    objects: list[Any] = field(default_factory=list)
    refused: list[tuple[int, dict[str, str], dict[str, str]]] = field(default_factory=list)
    duplicate: int = 0
    total: int = 0
    months: set[dt.date] = field(default_factory=set)


def _mapped(path: Path, options: RowOptions) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    rows = []
    header: list[str] = []
    for number, cells in input_rows(path, encoding=options.encoding):
        if not header:
            header = list(cells)
        mapped = {}
        for name, value in cells.items():
            ours = options.column_names.get(name, name)
            text = (value or "").strip()
            mapped[ours] = options.value_maps.get(ours, {}).get(text, text)
        rows.append((number, mapped))
    return header, rows


def _check_header(header: list[str], options: RowOptions, required: Iterable[str]) -> None:
    ours = {options.column_names.get(h, h) for h in header}
    missing = [c for c in required if c not in ours]
    if header and missing:
        raise InputError(f"columns missing from the file: {', '.join(missing)}")


def _ingest(
    kind: str,
    path: Path,
    layout: Layout,
    options: RowOptions,
    build: Callable[[list[tuple[int, dict[str, str]]]], Batch],
    store: Callable[[Batch, Ingestion], None],
    required: Iterable[str],
) -> FileResult:
    ingestion = manifest.ingestion_begin(
        kind=kind, source=path, digest=content_hash(path), size=path.stat().st_size
    )
    if ingestion is None:
        return FileResult(path=path, status="skipped", counts=manifest.Counts(), months=[])
    started = time.monotonic()
    try:
        header, rows = _mapped(path, options)
        _check_header(header, options, required)
        batch = build(rows)
        paths = None
        if batch.refused:
            paths = report_paths(layout.reports, ingestion_id=ingestion.pk, source=path)
            write_row_reports(paths, header=header, refused=batch.refused)
        counts = manifest.Counts(
            total=batch.total,
            good=len(batch.objects),
            quarantined=len(batch.refused),
            duplicate=batch.duplicate,
        )
        months = sorted(batch.months)
        with transaction.atomic():
            store(batch, ingestion)
            manifest.ingestion_commit(
                ingestion=ingestion,
                files=[],
                counts=counts,
                months=months,
                seconds=time.monotonic() - started,
                report_path=str(paths.report) if paths else "",
                quarantine_path=str(paths.quarantine) if paths else "",
            )
    except InputError as exc:
        manifest.ingestion_fail(ingestion=ingestion, message=str(exc))
        return FileResult(
            path=path, status="failed", counts=manifest.Counts(), months=[], message=str(exc)
        )
    except BaseException as exc:
        manifest.ingestion_fail(ingestion=ingestion, message=repr(exc))
        raise
    return FileResult(
        path=path,
        status="ingested",
        counts=counts,
        months=months,
        seconds=time.monotonic() - started,
        report=paths,
    )


# --- bills --------------------------------------------------------------------------


def ingest_bills_file(*, path: Path, layout: Layout, options: RowOptions) -> FileResult:
    return _ingest(DataKind.BILLS, path, layout, options, _bill_batch, _store_bills, BILL_REQUIRED)


def _bill_batch(rows: list[tuple[int, dict[str, str]]]) -> Batch:
    accounts = dict(
        (code, (pk, customer))
        for code, pk, customer in Account.objects.filter(
            code__in={c.get("account_code", "").strip() for _, c in rows}
        ).values_list("code", "pk", "customer_id")
    )
    subscribers = _subscribers_by_id({c.get("subscriber_id", "") for _, c in rows})
    seen = set(
        Bill.objects.filter(bill_id__in={c.get("bill_id", "") for _, c in rows}).values_list(
            "bill_id", "version"
        )
    )
    batch = Batch(total=len(rows))
    for number, cells in rows:
        parsed = parse_bill_row(cells)
        _link_bill(parsed, accounts, subscribers)
        if parsed.problems:
            batch.refused.append((number, cells, parsed.problems))
            continue
        key = (parsed.values["bill_id"], parsed.values["version"])
        if key in seen:
            batch.duplicate += 1
            continue
        seen.add(key)  # type: ignore[arg-type]
        batch.objects.append(_bill(parsed.values))
        batch.months.add(parsed.values["month"])  # type: ignore[arg-type]
    return batch


def _subscribers_by_id(ids: set[str]) -> dict[str, tuple[int, int, int, str]]:
    wanted = {i.strip() for i in ids if i and i.strip()}
    rows = Subscriber.objects.filter(subscriber_id__in=wanted).values_list(
        "subscriber_id", "pk", "customer_id", "account_id", "number"
    )
    return {sid: (pk, customer, account, number) for sid, pk, customer, account, number in rows}


def _link_bill(
    parsed: ParsedRow,
    accounts: dict[str, tuple[int, int]],
    subscribers: dict[str, tuple[int, int, int, str]],
) -> None:
    values = parsed.values
    code = values.get("account_code")
    if "account_code" not in parsed.problems:
        if code not in accounts:
            parsed.problems["account_code"] = "unknown_account"
        else:
            values["account_pk"], values["customer_pk"] = accounts[code]  # type: ignore[index]
    subscriber_id = values.get("subscriber_id")
    if not subscriber_id:
        values["subscriber_pk"] = None
    elif subscriber_id not in subscribers:
        parsed.problems["subscriber_id"] = "unknown_subscriber"
    else:
        pk, customer, _account, _number = subscribers[subscriber_id]  # type: ignore[index]
        values["subscriber_pk"] = pk
        if "customer_pk" in values and customer != values["customer_pk"]:
            parsed.problems["subscriber_id"] = "wrong_account"


def _bill(values: dict[str, Any]) -> Bill:
    amounts = {
        f"{name}_fen": values[name]
        for name in (
            "plan_fee",
            "voice_fee",
            "sms_fee",
            "data_fee",
            "roaming_fee",
            "value_added_fee",
            "adjustment",
            "discount",
            "total",
            "vat_basic",
            "vat_value_added",
            "paid",
            "balance",
        )
    }
    return Bill(
        bill_id=values["bill_id"],
        version=values["version"],
        account_id=values["account_pk"],
        subscriber_id=values["subscriber_pk"],
        customer_id=values["customer_pk"],
        month=values["month"],
        due_date=values["due_date"],
        **amounts,
    )


def _store_bills(batch: Batch, ingestion: Ingestion) -> None:
    for bill in batch.objects:
        bill.ingestion = ingestion
    Bill.objects.bulk_create(batch.objects, batch_size=500)
    bills_mark_current(bill_ids={b.bill_id for b in batch.objects})


def bills_mark_current(*, bill_ids: set[str]) -> None:
    """Mark the highest version of each bill current and every other version not."""
    ids = sorted(bill_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        latest: dict[str, int] = {}
        for bill_id, _version, pk in (
            Bill.objects.filter(bill_id__in=chunk)
            .values_list("bill_id", "version", "pk")
            .order_by("bill_id", "version")
        ):
            latest[bill_id] = pk
        Bill.objects.filter(bill_id__in=chunk).exclude(pk__in=latest.values()).update(
            is_current=False
        )
        Bill.objects.filter(pk__in=latest.values()).update(is_current=True)


# --- events -------------------------------------------------------------------------


def ingest_events_file(*, path: Path, layout: Layout, options: RowOptions) -> FileResult:
    def build(rows: list[tuple[int, dict[str, str]]]) -> Batch:
        return _event_batch(rows, options.now_local)

    return _ingest(DataKind.EVENTS, path, layout, options, build, _store_events, EVENT_REQUIRED)


def _event_batch(rows: list[tuple[int, dict[str, str]]], now_local: dt.datetime) -> Batch:
    subscribers = _subscribers_by_id({c.get("subscriber_id", "") for _, c in rows})
    holders = HolderIndex(subscriber_periods())
    seen = set(
        SubscriberEvent.objects.filter(
            event_id__in={c.get("event_id", "").strip() for _, c in rows}
        ).values_list("event_id", flat=True)
    )
    batch = Batch(total=len(rows))
    for number, cells in rows:
        parsed = parse_event_row(cells, now_local=now_local)
        _link_event(parsed, subscribers, holders)
        if parsed.problems:
            batch.refused.append((number, cells, parsed.problems))
            continue
        if parsed.values["event_id"] in seen:
            batch.duplicate += 1
            continue
        seen.add(parsed.values["event_id"])  # type: ignore[arg-type]
        batch.objects.append(_event(parsed.values))
        local: dt.datetime = parsed.values["time"]  # type: ignore[assignment]
        batch.months.add(local.date().replace(day=1))
    return batch


def _link_event(
    parsed: ParsedRow, subscribers: dict[str, tuple[int, int, int, str]], holders: HolderIndex
) -> None:
    values = parsed.values
    subscriber_id = values.get("subscriber_id")
    if subscriber_id:
        if subscriber_id not in subscribers:
            parsed.problems["subscriber_id"] = "unknown_subscriber"
            return
        pk, customer, _account, number = subscribers[subscriber_id]  # type: ignore[index]
        values["subscriber_pk"], values["customer_pk"] = pk, customer
        values["number"] = values.get("number") or number
        return
    if "number" in parsed.problems or "time" in parsed.problems:
        return
    local: dt.datetime = values["time"]  # type: ignore[assignment]
    holder = holders.holder(str(values["number"]), local.date())
    if holder is None:
        parsed.problems["number"] = "no_subscriber"
        return
    values["subscriber_pk"], values["customer_pk"] = holder.subscriber_pk, holder.customer_pk


def _event(values: dict[str, Any]) -> SubscriberEvent:
    return SubscriberEvent(
        event_id=values["event_id"],
        subscriber_id=values["subscriber_pk"],
        customer_id=values["customer_pk"],
        number=values["number"],
        occurred_at=local_to_utc(values["time"]),  # type: ignore[arg-type]
        type=values["type"],
        detail=values["detail"],
    )


def _store_events(batch: Batch, ingestion: Ingestion) -> None:
    for event in batch.objects:
        event.ingestion = ingestion
    SubscriberEvent.objects.bulk_create(batch.objects, batch_size=500)


__all__ = [
    "BILL_COLUMNS",
    "EVENT_COLUMNS",
    "RowOptions",
    "bills_mark_current",
    "ingest_bills_file",
    "ingest_events_file",
]
