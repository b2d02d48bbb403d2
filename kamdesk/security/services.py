"""Writes of the security app: the insider-risk scan and the auditor's review."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.security import insider
from kamdesk.security.models import InsiderSignal, SignalStatus
from kamdesk.users.models import User

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ScanResult:
    start: dt.datetime
    end: dt.datetime
    events: int
    created: int
    updated: int


def _relevant() -> Q:
    q = Q(action=insider.REFUSED) | Q(action__startswith=insider.UNMASK_REQUEST_PREFIX)
    q |= Q(action__endswith=".exported") | Q(action__endswith=".unmasked")
    for kind in insider.COMM_KINDS:
        q |= Q(action__startswith=f"{kind}.")
    return q


def _events(since: dt.datetime, end: dt.datetime) -> list[insider.Event]:
    window = AuditEvent.objects.filter(at__gte=since, at__lt=end, actor_id__isnull=False)
    rows = (
        window.filter(_relevant())
        .values_list("id", "at", "actor_id", "role", "action")
        .iterator(chunk_size=5000)
    )
    events = [insider.Event(*row) for row in rows]
    # Discounts are few and need their details (amounts): read apart from the many reads.
    discounts = window.filter(action=insider.ORDER_DISCOUNT).values_list(
        "id", "at", "actor_id", "role", "action", "target_id", "extra"
    )
    events += [
        insider.Event(*row[:6], discount_pct=insider.discount_pct(row[6])) for row in discounts
    ]
    return events


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)
    return start, start + dt.timedelta(days=1)


def insider_scan(
    *, day: dt.date | None = None, thresholds: insider.Thresholds | None = None
) -> ScanResult:
    """Scan one day (default: yesterday in Asia/Shanghai). Safe to run twice: a finding
    updates its open signal, and a reviewed signal is left as the auditor concluded."""
    t = thresholds or insider.Thresholds()
    day = day or (timezone.localtime(timezone.now(), SHANGHAI).date() - dt.timedelta(days=1))
    start, end = day_bounds(day)
    events = _events(start - dt.timedelta(days=t.baseline_days), end)
    created = updated = 0
    with transaction.atomic():
        for finding in insider.scan(events, start=start, end=end, thresholds=t):
            is_new = _store(finding, start, end)
            created, updated = created + is_new, updated + (not is_new)
        audit_record(
            actor=None,
            action="insider.scanned",
            extra={"day": day.isoformat(), "created": created, "updated": updated},
        )
    return ScanResult(start, end, len(events), created, updated)


def _store(finding: insider.Finding, start: dt.datetime, end: dt.datetime) -> bool:
    values = {
        "period_end": end,
        "score": finding.score,
        "summary": finding.summary[:300],
        "evidence": {"event_ids": finding.event_ids, "counts": finding.counts},
    }
    signal, created = InsiderSignal.objects.get_or_create(
        kind=finding.kind, actor_id=finding.actor_id, period_start=start, defaults=values
    )
    if not created and signal.status == SignalStatus.OPEN:
        for name, value in values.items():
            setattr(signal, name, value)
        signal.save(update_fields=[*values, "updated_at"])
    return created


def insider_signal_review(
    *, signal: InsiderSignal, actor: User, status: str, conclusion: str
) -> InsiderSignal:
    if status not in SignalStatus.values or status == SignalStatus.OPEN or not conclusion.strip():
        raise ValidationFailed({"conclusion": ["Give a conclusion and its reasoning."]})
    with transaction.atomic():
        signal.status, signal.conclusion = status, conclusion.strip()
        signal.reviewed_by, signal.reviewed_at = actor, timezone.now()
        signal.save(
            update_fields=["status", "conclusion", "reviewed_by", "reviewed_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="insider_signal.reviewed",
            target=signal,
            extra={"status": status, "kind": signal.kind, "subject": signal.actor_id},
        )
    return signal
