"""``audit_verify()``: walk the whole chain, streaming, and report the first break.

The walk starts at the genesis or, after retention deleted old segments, at the latest
checkpoint's anchor (the last deleted event's sequence and hash, itself chained). It
ends by comparing the tail with the head row and with the head file kept outside the
database, which is what catches deletions at the tail.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, connections

from kamdesk.audit import headfile
from kamdesk.audit.chain import (
    ALGORITHM_SWITCH,
    CHECKPOINT,
    GENESIS,
    ROW_FIELDS,
    Break,
    WalkResult,
    chain_fields,
    event_hash,
    walk,
)
from kamdesk.audit.models import AuditChainHead, AuditEvent

CHUNK = 20_000
PER_WORKER = 200_000  # below this many events per process, one process is faster
REORDER_SEARCH = 1000  # how far a moved event's true place is looked for


class VerifyResult(NamedTuple):
    ok: bool
    seq: int | None
    reason: str


@dataclass
class VerifyReport:
    result: VerifyResult
    checked: int = 0
    last_seq: int = 0
    warnings: list[str] = field(default_factory=list)
    chain_ok: bool = True  # the links themselves hold (the tail checks may still fail)


def anchor() -> tuple[int, str, str]:
    """(first expected seq, hash before it, algorithm in force) for the remaining chain."""
    cp = (
        AuditEvent.objects.filter(action=CHECKPOINT)
        .order_by("-seq")
        .values_list("extra", flat=True)
        .first()
    )
    if not cp:
        return 1, GENESIS, "sha256"
    return int(cp["through_seq"]) + 1, str(cp["through_hash"]), str(cp.get("algorithm", "sha256"))


def audit_verify() -> VerifyResult:
    """Walk the chain; ``(ok, first bad seq, reason)``."""
    return audit_verify_report().result


def audit_verify_report(*, workers: int = 1, min_per_worker: int = PER_WORKER) -> VerifyReport:
    """Verify the whole chain, in ``workers`` processes when it is long enough.

    Each process walks one range of sequence numbers; the ranges are then stitched (the
    first link of each must be the last hash of the one before), so the answer is the
    same as one walk's.
    """
    start_seq, start_hash, algorithm = anchor()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    ranges = _split(start_seq, max(last, start_seq - 1), workers, min_per_worker)
    parts = _walk_ranges(ranges, start_hash, algorithm)
    report = VerifyReport(VerifyResult(True, None, "ok"), sum(p.checked for p in parts))
    walked = _stitch(ranges, parts)
    report.last_seq = walked.last_seq
    if walked.broken is not None:
        report.result, report.chain_ok = _explain(walked.broken, algorithm), False
        return report
    report.result = _check_head_row(walked.last_seq, walked.last_hash)
    if report.result.ok:
        report.result = _check_head_file(walked.last_seq, report)
    return report


def _split(first: int, last: int, workers: int, min_per_worker: int) -> list[tuple[int, int]]:
    """Contiguous ranges of sequence numbers, one per worker (one if the chain is short)."""
    count = max(1, min(workers, (last - first + 1) // max(min_per_worker, 1)))
    size = -(-(last - first + 1) // count) if last >= first else 0
    return [(first + i * size, min(last, first + (i + 1) * size - 1)) for i in range(count)] or [
        (first, last)
    ]


def _walk_range(task: tuple[int, int, str | None, str]) -> WalkResult:
    low, high, start_hash, algorithm = task
    return walk(_rows(low, high), start_seq=low, start_hash=start_hash, algorithm=algorithm)


def _walk_ranges(
    ranges: list[tuple[int, int]], start_hash: str, algorithm: str
) -> list[WalkResult]:
    tasks = [
        (
            low,
            high,
            start_hash if i == 0 else None,
            algorithm if i == 0 else _algorithm_before(low, algorithm),
        )
        for i, (low, high) in enumerate(ranges)
    ]
    # Other processes see only committed rows, and an in-memory database not at all.
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    if len(tasks) == 1 or in_memory or connection.in_atomic_block:
        return [_walk_range(task) for task in tasks]
    connections.close_all()  # each process opens its own connection
    with multiprocessing.get_context("fork").Pool(len(tasks)) as pool:
        return pool.map(_walk_range, tasks)


def _algorithm_before(seq: int, default: str) -> str:
    """The hash algorithm in force for event ``seq``: the last switch before it decides."""
    switch = (
        AuditEvent.objects.filter(action=ALGORITHM_SWITCH, seq__lt=seq)
        .order_by("-seq")
        .values_list("extra", flat=True)
        .first()
    )
    return str(switch["algorithm"]) if switch else default


def _stitch(ranges: list[tuple[int, int]], parts: list[WalkResult]) -> WalkResult:
    """The first break over all ranges in order, checking the seams between them."""
    previous: WalkResult | None = None
    for (low, _high), part in zip(ranges, parts, strict=True):
        if previous is not None:
            seam = _seam(low, previous, part)
            if seam is not None:
                return WalkResult(seam, previous.last_seq, previous.last_hash, 0)
        if part.broken is not None:
            return part
        previous = part
    assert previous is not None
    return previous


def _seam(low: int, previous: WalkResult, part: WalkResult) -> Break | None:
    if previous.last_seq < low - 1:  # rows missing at the end of the previous range
        first = previous.last_seq + 1
        return Break(
            first,
            "missing",
            f"events #{first}–#{low - 1} missing" if first < low - 1 else f"event #{first} missing",
        )
    if part.first_prev is not None and part.first_prev != previous.last_hash:
        return Break(low, "link", "link to the previous event broken")
    return None


def _rows(low: int, high: int) -> Iterator[tuple[Any, ...]]:
    """The events from ``low`` to ``high`` as ``ROW_FIELDS`` tuples, by seq, in
    keyset-paged batches.

    Plain SQL rather than the ORM: Django's per-value converters (parsing each time and
    JSON document) cost more than the hashing, and a million rows must verify in seconds.
    """
    meta = AuditEvent._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(name) for name in ROW_FIELDS)  # the column names, too
    if connection.vendor == "sqlite":
        # An expression has no declared type, so SQLite hands the stored text over as is
        # instead of parsing it into a datetime (the slowest part of the walk).
        columns = columns.replace(f"{qn('at')},", f"{qn('at')} || '',", 1)
    sql = (
        f"SELECT {columns} FROM {qn(meta.db_table)} WHERE seq >= %s AND seq <= %s "  # noqa: S608
        f"ORDER BY seq LIMIT {CHUNK}"
    )
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [low, high])
            batch = cursor.fetchall()
        if not batch:
            return
        yield from batch
        low = batch[-1][0] + 1


def _explain(broken: Break, algorithm: str) -> VerifyResult:
    """Tell a reordered event from an altered one, where the evidence allows."""
    if broken.kind != "missing":
        moved = _moved_from(broken.seq, algorithm)
        if moved is not None:
            return VerifyResult(
                False, broken.seq, f"events reordered: event #{broken.seq} belongs at #{moved}"
            )
    return VerifyResult(False, broken.seq, broken.reason)


def _moved_from(seq: int, algorithm: str) -> int | None:
    """If the event now at ``seq`` was written with another sequence number nearby (the
    sequence is part of what is hashed), that number: the rows were reordered."""
    row = AuditEvent.objects.filter(seq=seq).values_list(*ROW_FIELDS).first()
    if row is None:
        return None
    for candidate in range(max(1, seq - REORDER_SEARCH), seq + REORDER_SEARCH + 1):
        moved = (candidate, *row[1:])
        if candidate != seq and event_hash(row[13], chain_fields(moved), algorithm) == row[14]:
            return candidate
    return None


def _check_head_row(last_seq: int, last_hash: str) -> VerifyResult:
    head = AuditChainHead.objects.filter(id=1).values_list("seq", "hash").first()
    if head is None or (head[0], head[1]) == (last_seq, last_hash):
        return VerifyResult(True, None, "ok")
    if head[0] > last_seq:
        return VerifyResult(False, last_seq + 1, _tail_missing(last_seq, head[0]))
    return VerifyResult(False, head[0], "the head row does not match the chain")


def _tail_missing(last_seq: int, head_seq: int) -> str:
    return f"events missing at the tail: #{last_seq + 1}–#{head_seq} (last found #{last_seq})"


def _check_head_file(last_seq: int, report: VerifyReport) -> VerifyResult:
    path = headfile.head_path()
    if path is None:
        report.warnings.append("no external head file is configured (AUDIT_HEAD_FILE)")
        return VerifyResult(True, None, "ok")
    data = headfile.read(path)
    if data is None:
        if last_seq == 0:
            return VerifyResult(True, None, "ok")
        return VerifyResult(False, last_seq, f"the external head file {path} is missing")
    return _compare_head_file(data, last_seq, report)


def _compare_head_file(data: dict[str, Any], last_seq: int, report: VerifyReport) -> VerifyResult:
    if "damaged" in data or "seq" not in data:
        return VerifyResult(False, None, "the external head file cannot be read")
    seq, hash_ = int(data["seq"]), str(data["hash"])
    if data.get("rewound"):
        return VerifyResult(
            False,
            seq,
            f"the chain was rewound after event #{seq} "
            f"(a new event #{data['rewound']['seq']} replaced it)",
        )
    if seq > last_seq:
        return VerifyResult(False, last_seq + 1, _tail_missing(last_seq, seq))
    found = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if found != hash_:
        return VerifyResult(False, seq, f"event #{seq} differs from the external head")
    if seq < last_seq:
        report.warnings.append(f"the external head is {last_seq - seq} event(s) behind")
    return VerifyResult(True, None, "ok")
