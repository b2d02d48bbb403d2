"""Make, keep, renegotiate and cancel commitments; remind and escalate them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.commitments.models import (
    PENDING_STATUSES,
    Commitment,
    CommitmentEvent,
    CommitmentPolicy,
    CommitmentStatus,
    EventKind,
    SourceKind,
)
from kamdesk.commitments.rules import (
    escalation_due,
    is_overdue,
    parse_remind_days,
    reminder_due,
)
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact, Customer
from kamdesk.notifications.services import notify
from kamdesk.users.models import User

if TYPE_CHECKING:
    from kamdesk.orders.models import Order
    from kamdesk.tickets.models import Ticket


log = logging.getLogger(__name__)
DEFAULT_REMIND_DAYS = "3,1"


def policy_get() -> CommitmentPolicy:
    policy = CommitmentPolicy.objects.order_by("pk").first()
    return policy or CommitmentPolicy.objects.create()


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _event(
    commitment: Commitment, kind: str, actor: User | None, at: dt.datetime, **fields: Any
) -> CommitmentEvent:
    return CommitmentEvent.objects.create(
        commitment=commitment, kind=kind, actor=actor, at=at, **fields
    )


@dataclass
class CommitmentInput:
    customer: Customer
    title: str
    due_on: dt.date | None
    source_kind: str
    contact: Contact | None = None
    owner: User | None = None
    details: str = ""
    source_ref: str = ""
    source_ticket: Ticket | None = None
    source_need: Any = None


def _input_errors(data: CommitmentInput, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Say what was promised.")]
    if data.due_on is None:
        errors["due_on"] = [_("Give the due date.")]
    elif data.due_on < today:
        errors["due_on"] = [_("The due date cannot be in the past.")]
    if data.source_kind not in SourceKind.values:
        errors["source_kind"] = [_("Unknown source.")]
    if data.contact is not None and data.contact.customer_id != data.customer.pk:
        errors["contact"] = [_("This contact belongs to another customer.")]
    if data.source_ticket is not None and data.source_ticket.customer_id != data.customer.pk:
        errors["source_ticket"] = [_("This request belongs to another customer.")]
    if (data.owner or data.customer.manager) is None:
        errors["owner"] = [_("The customer has no account manager to own the commitment.")]
    return errors


def commitment_create(
    *, actor: User, data: CommitmentInput, now: dt.datetime | None = None
) -> Commitment:
    """Record a promise made to the customer; the owner is the customer's manager unless
    another is named."""
    moment = now or timezone.now()
    today = _today(moment)
    errors = _input_errors(data, today)
    if errors:
        raise ValidationFailed(errors)
    owner = data.owner or data.customer.manager
    assert owner is not None and data.due_on is not None
    extra: dict[str, Any] = {}
    if data.source_need is not None:
        extra["source_need"] = data.source_need
    with transaction.atomic():
        commitment = Commitment.objects.create(
            customer=data.customer,
            contact=data.contact,
            title=data.title.strip()[:200],
            details=data.details.strip(),
            promised_by=actor,
            promised_on=today,
            owner=owner,
            due_on=data.due_on,
            original_due_on=data.due_on,
            source_kind=data.source_kind,
            source_ref=data.source_ref.strip()[:100],
            source_ticket=data.source_ticket,
            **extra,
        )
        _event(commitment, EventKind.CREATED, actor, moment, new_due_on=data.due_on)
        audit_record(
            actor=actor,
            action="commitment.created",
            target=commitment,
            customer_id=commitment.customer_id,
            extra={"source": data.source_kind, "due_on": data.due_on.isoformat()},
        )
    return commitment


def default_due_on(*, today: dt.date, days: int = 7) -> dt.date:
    return today + dt.timedelta(days=days)


def commitment_from_ticket(
    *,
    actor: User,
    ticket: Ticket,
    due_on: dt.date | None = None,
    title: str = "",
    now: dt.datetime | None = None,
) -> Commitment:
    """One click on a request: the promise is the request's outcome by its due date."""
    moment = now or timezone.now()
    if due_on is None:
        due_on = timezone.localdate(ticket.due_at) if ticket.due_at else None
        if due_on is None or due_on < _today(moment):
            due_on = default_due_on(today=_today(moment))
    data = CommitmentInput(
        customer=ticket.customer,
        contact=ticket.contact,
        title=title
        or _("Resolve request %(number)s: %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        due_on=due_on,
        source_kind=SourceKind.REQUEST,
        source_ref=ticket.number,
        source_ticket=ticket,
    )
    return commitment_create(actor=actor, data=data, now=moment)


def _pending(commitment: Commitment) -> None:
    if not commitment.is_pending:
        raise ValidationFailed(
            {
                "status": [
                    _("This commitment is already %(status)s.")
                    % {"status": commitment.get_status_display()}
                ]
            }
        )


def commitment_renegotiate(
    *,
    commitment: Commitment,
    actor: User,
    new_due_on: dt.date | None,
    agreed_by: str,
    agreement: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Commitment:
    """Move the due date with the customer's agreement; the old date stays in the
    history and the first due date on the commitment."""
    moment = now or timezone.now()
    _pending(commitment)
    errors: dict[str, list[str]] = {}
    if new_due_on is None:
        errors["new_due_on"] = [_("Give the new due date.")]
    elif new_due_on < _today(moment):
        errors["new_due_on"] = [_("The new due date cannot be in the past.")]
    elif new_due_on == commitment.due_on:
        errors["new_due_on"] = [_("The new due date is the same as the current one.")]
    if not agreed_by.strip():
        errors["agreed_by"] = [_("Say who at the customer agreed to the new date.")]
    if not agreement.strip():
        errors["agreement"] = [_("Record how the customer agreed to the new date.")]
    if errors:
        raise ValidationFailed(errors)
    assert new_due_on is not None
    old = commitment.due_on
    with transaction.atomic():
        commitment.due_on = new_due_on
        commitment.status = CommitmentStatus.RENEGOTIATED
        commitment.overdue_since = commitment.escalated_at = None
        commitment.save(
            update_fields=["due_on", "status", "overdue_since", "escalated_at", "updated_at"]
        )
        _event(
            commitment,
            EventKind.RENEGOTIATED,
            actor,
            moment,
            old_due_on=old,
            new_due_on=new_due_on,
            agreed_by=agreed_by.strip()[:100],
            agreement=agreement.strip(),
            note=note.strip(),
        )
        audit_record(
            actor=actor,
            action="commitment.renegotiated",
            target=commitment,
            customer_id=commitment.customer_id,
            extra={"old_due_on": old.isoformat(), "new_due_on": new_due_on.isoformat()},
        )
    return commitment


def commitment_fulfil(
    *,
    commitment: Commitment,
    actor: User,
    evidence_note: str,
    evidence_ticket: Ticket | None = None,
    evidence_order: Order | None = None,
    now: dt.datetime | None = None,
) -> Commitment:
    """Mark the promise kept, with evidence: a note and, where one delivered it, the
    request or order (a document is attached to the commitment as a file)."""
    moment = now or timezone.now()
    _pending(commitment)
    if not evidence_note.strip() and evidence_ticket is None and evidence_order is None:
        raise ValidationFailed({"evidence_note": [_("Say how the promise was kept.")]})
    for field, obj in (("evidence_ticket", evidence_ticket), ("evidence_order", evidence_order)):
        if obj is not None and obj.customer_id != commitment.customer_id:
            raise ValidationFailed({field: [_("This belongs to another customer.")]})
    with transaction.atomic():
        commitment.status = CommitmentStatus.FULFILLED
        commitment.fulfilled_at, commitment.fulfilled_by = moment, actor
        commitment.evidence_note = evidence_note.strip()
        commitment.evidence_ticket, commitment.evidence_order = evidence_ticket, evidence_order
        commitment.save()
        _event(commitment, EventKind.FULFILLED, actor, moment, note=evidence_note.strip())
        audit_record(
            actor=actor,
            action="commitment.fulfilled",
            target=commitment,
            customer_id=commitment.customer_id,
            extra={"on_time": _today(moment) <= commitment.due_on},
        )
    return commitment


def commitment_cancel(
    *, commitment: Commitment, actor: User, reason: str, now: dt.datetime | None = None
) -> Commitment:
    moment = now or timezone.now()
    _pending(commitment)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the commitment is cancelled.")]})
    with transaction.atomic():
        commitment.status = CommitmentStatus.CANCELLED
        commitment.cancel_reason = reason.strip()
        commitment.save(update_fields=["status", "cancel_reason", "updated_at"])
        _event(commitment, EventKind.CANCELLED, actor, moment, note=reason.strip())
        audit_record(
            actor=actor,
            action="commitment.cancelled",
            target=commitment,
            customer_id=commitment.customer_id,
        )
    return commitment


# --- the sweep: reminders, overdue alerts, escalation ------------------------------------


def commitment_url(commitment: Commitment) -> str:
    return reverse("commitments:detail", args=[commitment.pk])


def _remind(c: Commitment, days: int, moment: dt.datetime) -> bool:
    left = (c.due_on - timezone.localdate(moment)).days
    row = notify(
        user=c.owner,
        kind="commitment.reminder",
        title=_("Commitment to %(customer)s due in %(days)s days: %(title)s")
        % {"customer": c.customer.name, "days": left, "title": c.title},
        dedup_key=f"commitment:{c.pk}:remind:{c.due_on.isoformat()}:{days}",
        url=commitment_url(c),
        now=moment,
    )
    if row is not None:
        _event(c, EventKind.REMINDED, None, moment, note=str(days))
    # Recorded even when the notice existed already (a run cut short after notifying).
    Commitment.objects.filter(pk=c.pk).update(reminded_days=days, reminded_for=c.due_on)
    return row is not None


def _reminded_already(c: Commitment, days: int) -> bool:
    """Whether this reminder, or a later (closer) one, went out for the current date."""
    return c.reminded_for == c.due_on and c.reminded_days is not None and c.reminded_days <= days


def _mark_overdue(c: Commitment, today: dt.date, moment: dt.datetime) -> bool:
    updated = (
        Commitment.objects.filter(pk=c.pk, status__in=PENDING_STATUSES)
        .exclude(status=CommitmentStatus.OVERDUE)
        .update(status=CommitmentStatus.OVERDUE, overdue_since=today, updated_at=moment)
    )
    if not updated:
        return False
    c.status, c.overdue_since = CommitmentStatus.OVERDUE, today
    _event(c, EventKind.OVERDUE, None, moment, old_due_on=c.due_on)
    notify(
        user=c.owner,
        kind="commitment.overdue",
        title=_("Commitment to %(customer)s is overdue: %(title)s")
        % {"customer": c.customer.name, "title": c.title},
        dedup_key=f"commitment:{c.pk}:overdue:{c.due_on.isoformat()}",
        url=commitment_url(c),
        now=moment,
    )
    return True


def _escalate(c: Commitment, moment: dt.datetime) -> bool:
    team = c.owner.team
    supervisor = team.supervisor if team is not None else None
    if supervisor is None:
        return False
    row = notify(
        user=supervisor,
        kind="commitment.escalated",
        title=_("%(owner)s's commitment to %(customer)s is overdue since %(due)s: %(title)s")
        % {
            "owner": c.owner,
            "customer": c.customer.name,
            "due": c.due_on.isoformat(),
            "title": c.title,
        },
        dedup_key=f"commitment:{c.pk}:escalated:{c.due_on.isoformat()}",
        url=commitment_url(c),
        now=moment,
    )
    if row is None:
        return False
    Commitment.objects.filter(pk=c.pk).update(escalated_at=moment)
    _event(c, EventKind.ESCALATED, None, moment, note=str(supervisor))
    audit_record(
        actor=None,
        action="commitment.escalated",
        target=c,
        customer_id=c.customer_id,
        extra={"supervisor": supervisor.pk},
    )
    return True


def _remind_days(policy: CommitmentPolicy) -> tuple[int, ...]:
    try:
        return parse_remind_days(policy.remind_days)
    except ValueError:
        # Written around the console's validation (a script, an old row): remind on the
        # default days rather than stop every reminder, overdue alert and escalation.
        log.error("commitment policy: unreadable remind_days %r", policy.remind_days)
        return parse_remind_days(DEFAULT_REMIND_DAYS)


def commitments_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remind, mark overdue and escalate whatever is due; safe to run twice (each notice
    has a dedup key per due date), so a renegotiated date gets its own reminders."""
    moment = now or timezone.now()
    today = _today(moment)
    policy = policy_get()
    days = _remind_days(policy)
    counts = {"reminded": 0, "overdue": 0, "escalated": 0}
    horizon = today + dt.timedelta(days=max(days, default=0))
    escalate_from = today - dt.timedelta(days=max(policy.escalate_after_days, 1))
    # Overdue and escalated, or overdue and not yet due for escalation: nothing to do on
    # this run (the same test as ``escalation_due``, in the query).
    pending = (
        Commitment.objects.filter(status__in=PENDING_STATUSES, due_on__lte=horizon)
        .exclude(status=CommitmentStatus.OVERDUE, escalated_at__isnull=False)
        .exclude(status=CommitmentStatus.OVERDUE, due_on__gt=escalate_from)
        .select_related("owner__team__supervisor", "customer")
    )
    for c in pending:
        if is_overdue(due_on=c.due_on, today=today):
            with transaction.atomic():
                counts["overdue"] += _mark_overdue(c, today, moment)
                if c.escalated_at is None and escalation_due(
                    due_on=c.due_on, today=today, after_days=policy.escalate_after_days
                ):
                    counts["escalated"] += _escalate(c, moment)
            continue
        left = reminder_due(due_on=c.due_on, today=today, days=days)
        if left is not None and not _reminded_already(c, left):
            with transaction.atomic():
                counts["reminded"] += _remind(c, left, moment)
    return counts
