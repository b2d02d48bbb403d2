"""Reads of insider-risk signals, for roles that may list them (the auditor)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_refusal
from kamdesk.security.models import InsiderSignal
from kamdesk.users.models import User
from kamdesk.users.permissions import can


def _require(user: User, action: str) -> None:
    if not can(user, action, "insider_signal"):
        audit_refusal(
            actor=user,
            data_kind="insider_signal",
            target_type="security.insidersignal",
            extra={"action": action},
        )
        raise Http404("Not found")


def insider_signals_for(*, user: User, status: str = "") -> QuerySet[InsiderSignal]:
    _require(user, "list")
    qs = InsiderSignal.objects.select_related("actor", "reviewed_by")
    return qs.filter(status=status) if status else qs


def insider_signal_get(*, user: User, signal_id: int, action: str = "view") -> InsiderSignal:
    _require(user, action)
    try:
        return InsiderSignal.objects.select_related("actor", "reviewed_by").get(pk=signal_id)
    except InsiderSignal.DoesNotExist as exc:
        raise Http404("Not found") from exc


def signal_evidence(*, signal: InsiderSignal, limit: int = 200) -> QuerySet[AuditEvent]:
    """The audit events a signal rests on (those retention has not yet deleted)."""
    ids = [int(i) for i in signal.evidence.get("event_ids", [])][:limit]
    return AuditEvent.objects.filter(id__in=ids).order_by("seq")
