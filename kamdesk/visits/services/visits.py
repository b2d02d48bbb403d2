"""Writes of visits: plan one, change it, drop it, required visits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.calendars.selectors import STANDARD, work_calendar
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer
from kamdesk.users.models import User
from kamdesk.visits.models import (
    RequiredReason,
    RequiredVisitRule,
    Visit,
    VisitKind,
    VisitOrigin,
    VisitStatus,
)
from kamdesk.visits.services.common import acting_manager, supervisor_of, tell, visit_url

# The rules' defaults (migration 0002), used when an administrator deleted a rule's row.
DEFAULT_DUE_DAYS = {"retention": 2, "new_customer": 14, "complaint": 3, "contract_expiry": 30}
EDITABLE = ("kind", "purpose", "planned_date", "planned_time", "planned_minutes", "note")


@dataclass
class VisitInput:
    customer: Customer
    planned_date: dt.date
    kind: str = VisitKind.ON_SITE
    purpose: str = ""
    planned_time: dt.time | None = None
    planned_minutes: int = 60
    resolves_problem: bool = False
    note: str = ""
    manager: User | None = None


def _check(kind: str, planned_minutes: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in VisitKind.values:
        errors["kind"] = [_("Unknown kind of visit.")]
    if not 5 <= planned_minutes <= 24 * 60:
        errors["planned_minutes"] = [_("Between 5 minutes and a day.")]
    return errors


def visit_create(*, actor: User, data: VisitInput) -> Visit:
    """Plan one visit by hand."""
    manager = data.manager or acting_manager(data.customer)
    errors = _check(data.kind, data.planned_minutes)
    if manager is None:
        errors["manager"] = [_("The customer has no account manager.")]
    if errors or manager is None:
        raise ValidationFailed(errors)
    with transaction.atomic():
        visit = Visit.objects.create(
            customer=data.customer,
            manager=manager,
            kind=data.kind,
            purpose=data.purpose.strip()[:300],
            planned_date=data.planned_date,
            planned_time=data.planned_time,
            planned_minutes=data.planned_minutes,
            resolves_problem=data.resolves_problem,
            note=data.note.strip(),
            origin=VisitOrigin.MANUAL,
            created_by=actor,
        )
        audit_record(
            actor=actor, action="visit.created", target=visit, customer_id=visit.customer_id
        )
    return visit


def visit_update(*, visit: Visit, actor: User, changes: dict[str, object]) -> Visit:
    """Move or change a planned visit (date, time, kind, purpose, note)."""
    if not visit.is_open:
        raise ValidationFailed({"status": [_("Only an open visit can be changed.")]})
    unknown = set(changes) - set(EDITABLE) - {"resolves_problem"}
    if unknown:
        raise ValidationFailed({k: [_("This field cannot be changed here.")] for k in unknown})
    before = {k: str(getattr(visit, k)) for k in changes}
    for key, value in changes.items():
        setattr(visit, key, value)
    errors = _check(visit.kind, visit.planned_minutes)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if visit.status == VisitStatus.OVERDUE and visit.planned_date >= timezone.localdate():
            visit.status, visit.overdue_since = VisitStatus.PLANNED, None
            changes = {**changes, "status": visit.status, "overdue_since": None}
        visit.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="visit.changed",
            target=visit,
            customer_id=visit.customer_id,
            extra={"before": before, "after": {k: str(getattr(visit, k)) for k in changes}},
        )
    return visit


def visit_cancel(*, visit: Visit, actor: User, reason: str = "") -> Visit:
    """Drop a visit. A required visit needs a reason, and its manager's supervisor is told."""
    if not visit.is_open:
        raise ValidationFailed({"status": [_("Only an open visit can be dropped.")]})
    reason = reason.strip()
    if visit.is_required and not reason:
        raise ValidationFailed({"reason": [_("Say why this required visit is dropped.")]})
    with transaction.atomic():
        visit.status = VisitStatus.CANCELLED
        visit.cancel_reason, visit.cancelled_at, visit.cancelled_by = reason, timezone.now(), actor
        visit.save(
            update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="visit.dropped",
            target=visit,
            customer_id=visit.customer_id,
            extra={"required": visit.required_reason, "reason": reason},
        )
        if visit.is_required:
            tell(
                user=supervisor_of(visit.manager),
                kind="visit.required_dropped",
                title=_("A required visit to %(customer)s was dropped: %(reason)s")
                % {"customer": visit.customer.name, "reason": reason},
                key=f"visit:{visit.pk}:dropped",
                url=visit_url(visit),
            )
    return visit


def first_working_day(*, on_or_after: dt.date) -> dt.date:
    cal = work_calendar(code=STANDARD, around=on_or_after)
    day = on_or_after
    for _i in range(60):
        if cal.is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return on_or_after


def required_due_by(*, reason: str, today: dt.date) -> dt.date:
    """``today`` plus the administrator's number of days for ``reason`` (the default
    rule's number when the row is missing)."""
    rule = RequiredVisitRule.objects.filter(reason=reason).first()
    days = rule.due_days if rule is not None else DEFAULT_DUE_DAYS.get(reason, 7)
    return today + dt.timedelta(days=days)


def required_visit_create(
    *,
    customer: Customer,
    reason: str,
    source_ref: str,
    due_by: dt.date | None = None,
    actor: User | None = None,
    note: str = "",
) -> Visit:
    """A visit that must happen by ``due_by`` (retention, new customer, complaint,
    contract expiry; without ``due_by``, within the days the reason's rule sets).
    Idempotent per (customer, reason, source_ref): calling again returns the visit made
    the first time. The acting manager is told."""
    if reason not in RequiredReason.values:
        raise ValidationFailed({"reason": [_("Unknown reason for a required visit.")]})
    if not source_ref.strip():
        raise ValidationFailed({"source_ref": [_("This field is required.")]})
    existing = Visit.objects.filter(
        customer=customer, required_reason=reason, source_ref=source_ref.strip()
    ).first()
    if existing is not None:
        return existing
    manager = acting_manager(customer)
    if manager is None:
        raise ValidationFailed({"customer": [_("The customer has no account manager.")]})
    today = timezone.localdate()
    due_by = due_by or required_due_by(reason=reason, today=today)
    day = min(first_working_day(on_or_after=today), max(due_by, today))
    try:
        with transaction.atomic():
            visit = _required_insert(
                customer, manager, reason, due_by, source_ref, actor, note, day
            )
    except IntegrityError:
        # Another caller created it at the same moment: the unique constraint decides.
        return Visit.objects.get(
            customer=customer, required_reason=reason, source_ref=source_ref.strip()
        )
    return visit


def _required_insert(
    customer: Customer,
    manager: User,
    reason: str,
    due_by: dt.date,
    source_ref: str,
    actor: User | None,
    note: str,
    day: dt.date,
) -> Visit:
    visit = Visit.objects.create(
        customer=customer,
        manager=manager,
        kind=VisitKind.ON_SITE,
        purpose=str(RequiredReason(reason).label),
        planned_date=day,
        origin=VisitOrigin.REQUIRED,
        plan_month=f"{day:%Y-%m}",
        required_reason=reason,
        due_by=due_by,
        source_ref=source_ref.strip()[:100],
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="visit.required_created",
        target=visit,
        customer_id=customer.pk,
        extra={"reason": reason, "due_by": due_by.isoformat(), "source_ref": source_ref},
    )
    tell(
        user=manager,
        kind="visit.required",
        title=_("Required visit to %(customer)s by %(day)s")
        % {"customer": customer.name, "day": f"{due_by:%Y-%m-%d}"},
        key=f"visit:{visit.pk}:required",
        url=visit_url(visit),
        body=note,
    )
    return visit
