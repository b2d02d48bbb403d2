"""Reads of the audit trail, for the auditor only (others get 404)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_refusal
from kamdesk.users.models import User
from kamdesk.users.permissions import can

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    customer_id: int | None = None
    action: str = ""
    since: dt.date | None = None  # inclusive, a day in Asia/Shanghai
    until: dt.date | None = None  # inclusive


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def audit_events_search(
    *, user: User, filters: AuditFilters, action: str = "list"
) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first, if ``user`` may ``action`` the trail."""
    if not can(user, action, "audit"):
        audit_refusal(
            actor=user, data_kind="audit", target_type="audit.auditevent", extra={"action": action}
        )
        raise Http404("Not found")
    qs = AuditEvent.objects.order_by("-seq")
    if filters.actor:
        ids = User.objects.filter(Q(username=filters.actor) | Q(staff_id=filters.actor))
        qs = qs.filter(Q(actor_id__in=ids.values("id")) | Q(actor_name=filters.actor))
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.since:
        qs = qs.filter(at__gte=_day_start(filters.since))
    if filters.until:
        qs = qs.filter(at__lt=_day_start(filters.until + dt.timedelta(days=1)))
    return qs


def audit_events_by_ids(*, user: User, ids: list[int]) -> QuerySet[AuditEvent]:
    if not can(user, "view", "audit"):
        audit_refusal(actor=user, data_kind="audit", target_type="audit.auditevent")
        raise Http404("Not found")
    return AuditEvent.objects.filter(id__in=ids).order_by("seq")
