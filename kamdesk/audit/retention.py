"""Retention: delete whole old segments of the trail, leaving a chain that still verifies.

A segment is one calendar month (UTC). Events are kept at least ``AUDIT_RETENTION_DAYS``
(180 or more: the Cybersecurity Law asks for six months of logs); the months that ended
before that are deleted whole, oldest first. A checkpoint event appended at the tail
carries the last deleted event's sequence and hash, so the remainder verifies from it.

On PostgreSQL the serving role cannot delete audit rows: run ``kam audit retention``
with the owner's ``DATABASE_URL``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kamdesk.audit.chain import ALGORITHM_SWITCH, CHECKPOINT
from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import _lock_chain, audit_record
from kamdesk.audit.verify import anchor, audit_verify
from kamdesk.core.errors import KamError

BATCH = 10_000


class RetentionRefused(KamError):
    """The chain does not verify: deleting now would destroy the evidence of it."""


@dataclass(frozen=True)
class RetentionResult:
    deleted: int
    through_seq: int | None
    checkpoint_seq: int | None
    before: dt.datetime


def segment_boundary(now: dt.datetime, days: int) -> dt.datetime:
    """The start of the month holding ``now - days``: everything before it may go."""
    cutoff = (now - dt.timedelta(days=days)).astimezone(dt.UTC)
    return cutoff.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def audit_retention_run(*, now: dt.datetime | None = None) -> RetentionResult:
    days = max(180, int(settings.AUDIT_RETENTION_DAYS))
    before = segment_boundary(now or timezone.now(), days)
    result = audit_verify()
    if not result.ok:
        audit_record(
            actor=None,
            action="audit.retention.refused",
            extra={"seq": result.seq, "reason": result.reason},
        )
        raise RetentionRefused(f"audit chain broken at event #{result.seq}: {result.reason}")
    with transaction.atomic():
        _lock_chain()
        last = (
            AuditEvent.objects.filter(at__lt=before)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        if last is None:
            return RetentionResult(0, None, None, before)
        algorithm = _algorithm_after(last[0])
        deleted = _delete_through(last[0])
        checkpoint = audit_record(
            actor=None,
            action=CHECKPOINT,
            extra={
                "through_seq": last[0],
                "through_hash": last[1],
                "algorithm": algorithm,
                "deleted": deleted,
                "before": before.isoformat(),
                "retention_days": days,
            },
        )
    return RetentionResult(deleted, last[0], checkpoint.seq, before)


def _algorithm_after(seq: int) -> str:
    """The hash algorithm in force for the event after ``seq``."""
    switch = (
        AuditEvent.objects.filter(action=ALGORITHM_SWITCH, seq__lte=seq)
        .order_by("-seq")
        .values_list("extra", flat=True)
        .first()
    )
    return str(switch["algorithm"]) if switch else anchor()[2]


def _delete_through(seq: int) -> int:
    """Delete events up to ``seq`` in batches, oldest first (keeps each statement small)."""
    deleted = 0
    start = anchor()[0]
    for low in range(start, seq + 1, BATCH):
        high = min(low + BATCH - 1, seq)
        count, _ = AuditEvent.objects.filter(seq__gte=low, seq__lte=high).delete()
        deleted += count
    return deleted
