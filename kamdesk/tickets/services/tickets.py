"""Open a request, move it through its statuses, and record the customer's confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact, Customer, Subscriber
from kamdesk.customers.services import interaction_create
from kamdesk.files.models import StoredFile
from kamdesk.files.services import file_store
from kamdesk.tickets.clocks import TICKET_CLOCK_FIELDS, ticket_clock_refresh
from kamdesk.tickets.models import (
    Category,
    ClockPause,
    EventKind,
    Priority,
    RequestChannel,
    Status,
    StepStatus,
    Ticket,
)
from kamdesk.tickets.services.events import event_record, tell, ticket_url
from kamdesk.tickets.services.policies import ticket_targets
from kamdesk.tickets.sla import clock_effect, priority_derive, transition_allowed
from kamdesk.users.models import User

# A request's channel as the customer's interaction timeline names it.
INTERACTION_CHANNEL = {
    "phone": "call",
    "sms": "sms",
    "email": "email",
    "wechat": "wechat",
    "visit": "visit",
    "walk_in": "walk_in",
    "portal": "portal",
    "api": "portal",
}


@dataclass
class TicketInput:
    customer: Customer
    category: Category
    channel: str
    title: str
    description: str = ""
    contact: Contact | None = None
    subscribers: Sequence[Subscriber] = field(default_factory=list)
    priority: str = ""
    priority_reason: str = ""
    owner: User | None = None
    source_message_id: str | None = None


def _input_errors(data: TicketInput, owner: User | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("This field is required.")]
    if data.channel not in RequestChannel.values:
        errors["channel"] = [_("Unknown channel.")]
    if data.priority and data.priority not in Priority.values:
        errors["priority"] = [_("Unknown priority.")]
    if data.contact is not None and data.contact.customer_id != data.customer.pk:
        errors["contact"] = [_("This contact belongs to another customer.")]
    if any(s.customer_id != data.customer.pk for s in data.subscribers):
        errors["subscribers"] = [_("A subscriber belongs to another customer.")]
    if not data.category.is_active:
        errors["category"] = [_("This category is no longer used.")]
    if owner is None:
        errors["owner"] = [_("The customer has no account manager to own the request.")]
    return errors


def _priority(data: TicketInput) -> tuple[str, str, str]:
    """(priority, derived priority, reason); a priority other than the derived one needs a
    reason."""
    derived = priority_derive(base=data.category.base_priority, grade_rank=data.customer.grade.rank)
    chosen = data.priority or derived
    if chosen != derived and not data.priority_reason.strip():
        raise ValidationFailed(
            {
                "priority_reason": [
                    _("Say why the priority differs from the one derived from grade and category.")
                ]
            }
        )
    return chosen, derived, data.priority_reason.strip()


def ticket_create(
    *, actor: User | None, data: TicketInput, now: dt.datetime | None = None
) -> Ticket:
    """Open a request on the customer's account; the clock starts now."""
    owner = data.owner or data.customer.manager
    errors = _input_errors(data, owner)
    if errors or owner is None:
        raise ValidationFailed(errors)
    priority, derived, reason = _priority(data)
    targets = ticket_targets(
        grade_id=data.customer.grade_id, priority=priority, category=data.category
    )
    moment = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket(
            customer=data.customer,
            contact=data.contact,
            channel=data.channel,
            category=data.category,
            priority=priority,
            derived_priority=derived,
            priority_reason=reason,
            title=data.title.strip()[:200],
            description=data.description.strip(),
            owner=owner,
            created_by=actor,
            opened_at=moment,
            calendar_code=targets.calendar_code,
            response_minutes=targets.response_minutes,
            resolution_minutes=targets.resolution_minutes,
            warning_percent=targets.warning_percent,
            statutory=targets.statutory,
            source_message_id=data.source_message_id,
        )
        ticket_clock_refresh(ticket)
        ticket.save()
        if data.subscribers:
            ticket.subscribers.set(data.subscribers)
        _after_create(ticket, actor, owner, moment)
    return ticket


def _after_create(ticket: Ticket, actor: User | None, owner: User, moment: dt.datetime) -> None:
    event_record(
        ticket=ticket,
        kind=EventKind.CREATED,
        actor=actor,
        at=moment,
        text=ticket.get_channel_display(),
    )
    audit_record(
        actor=actor,
        action="request.created",
        target=ticket,
        customer_id=ticket.customer_id,
        extra={"channel": ticket.channel},
    )
    # The request is a contact with the customer: it goes into the 360 timeline (D4).
    interaction_create(
        actor=actor if isinstance(actor, User) else owner,
        customer=ticket.customer,
        channel=INTERACTION_CHANNEL[ticket.channel],
        contact=ticket.contact,
        inbound=True,
        summary=_("Request %(number)s: %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        occurred_at=min(moment, timezone.now()),
    )
    if actor is None or actor.pk != owner.pk:
        tell(
            users=[owner],
            kind="request.assigned",
            key=f"request:{ticket.pk}:assigned",
            title=_("New request %(number)s: %(title)s")
            % {"number": ticket.number, "title": ticket.title},
            url=ticket_url(ticket),
            now=moment,
        )


# --- statuses ---------------------------------------------------------------------------


def _check_transition(ticket: Ticket, status: str, resolution: str) -> None:
    if status == Status.CLOSED:
        raise ValidationFailed(
            {"status": [_("A request is closed by the customer's confirmation.")]}
        )
    if not transition_allowed(ticket.status, status):
        raise ValidationFailed(
            {
                "status": [
                    _("A request cannot go from %(old)s to %(new)s.")
                    % {"old": ticket.get_status_display(), "new": Status(status).label}
                ]
            }
        )
    if status == Status.RESOLVED:
        if not resolution.strip():
            raise ValidationFailed({"resolution": [_("Say how the request was resolved.")]})
        if ticket.steps.exclude(status__in=[StepStatus.DONE, StepStatus.CANCELLED]).exists():
            raise ValidationFailed({"status": [_("Some steps are not handed back yet.")]})


def _apply_clock(ticket: Ticket, effect: str | None, moment: dt.datetime) -> None:
    if effect == "pause":
        ClockPause.objects.get_or_create(
            ticket=ticket, ended_at=None, defaults={"started_at": moment, "reason": "waiting"}
        )
    elif effect in ("resume", "restart"):
        ClockPause.objects.filter(ticket=ticket, ended_at__isnull=True).update(ended_at=moment)
    elif effect == "stop":
        ClockPause.objects.filter(ticket=ticket, ended_at__isnull=True).update(ended_at=moment)
        ClockPause.objects.create(ticket=ticket, started_at=moment, reason="resolved")


def ticket_set_status(
    *,
    ticket: Ticket,
    actor: User,
    status: str,
    note: str = "",
    resolution: str = "",
    now: dt.datetime | None = None,
) -> Ticket:
    """Move a request to ``status``: waiting pauses its clocks, resolving stops them and
    sends the customer the satisfaction survey, reopening starts them again."""
    _check_transition(ticket, status, resolution)
    moment = now or timezone.now()
    old = ticket.status
    effect = clock_effect(old, status)
    with transaction.atomic():
        _apply_clock(ticket, effect, moment)
        ticket.status = status
        if ticket.first_response_at is None:
            ticket.first_response_at = moment
        _status_fields(ticket, status, resolution, moment)
        ticket_clock_refresh(ticket)
        ticket.save()
        _steps_follow(ticket)
        event_record(
            ticket=ticket,
            kind=EventKind.STATUS,
            actor=actor,
            at=moment,
            text=note,
            data={"from": old, "to": status},
        )
        audit_record(
            actor=actor,
            action="request.status",
            target=ticket,
            customer_id=ticket.customer_id,
            extra={"from": old, "to": status},
        )
        if status == Status.RESOLVED:
            from kamdesk.tickets.services.surveys import survey_send

            survey_send(ticket=ticket, now=moment)
    return ticket


def _status_fields(ticket: Ticket, status: str, resolution: str, moment: dt.datetime) -> None:
    if status == Status.RESOLVED:
        ticket.resolution = resolution.strip()
        ticket.resolved_at = moment
        ticket.resolution_count += 1
        ticket.sla_met = ticket.due_at is not None and moment <= ticket.due_at
    elif status == Status.REOPENED:
        ticket.resolved_at = ticket.closed_at = ticket.confirmed_at = None
        ticket.sla_met = None


def _steps_follow(ticket: Ticket) -> None:
    """Open steps pause and resume with their request."""
    from kamdesk.tickets.services.steps import steps_clock_refresh

    steps_clock_refresh(ticket=ticket)


def ticket_confirm(
    *, ticket: Ticket, actor: User, note: str, now: dt.datetime | None = None
) -> Ticket:
    """Record that the customer confirmed the resolution (how and who), and close."""
    if ticket.status != Status.RESOLVED:
        raise ValidationFailed({"status": [_("Only a resolved request can be confirmed.")]})
    if not note.strip():
        raise ValidationFailed({"note": [_("Say who confirmed and how.")]})
    moment = now or timezone.now()
    with transaction.atomic():
        ticket.status = Status.CLOSED
        ticket.confirmed_at = ticket.closed_at = moment
        ticket.confirmation_note = note.strip()[:300]
        ticket.save(
            update_fields=["status", "confirmed_at", "closed_at", "confirmation_note", "updated_at"]
        )
        event_record(
            ticket=ticket,
            kind=EventKind.CONFIRMED,
            actor=actor,
            at=moment,
            text=ticket.confirmation_note,
        )
        audit_record(
            actor=actor, action="request.confirmed", target=ticket, customer_id=ticket.customer_id
        )
    return ticket


def ticket_set_priority(
    *, ticket: Ticket, actor: User, priority: str, reason: str, now: dt.datetime | None = None
) -> Ticket:
    """Adjust the priority with a reason; the targets follow the new priority (a statutory
    deadline stays as it is)."""
    if priority not in Priority.values:
        raise ValidationFailed({"priority": [_("Unknown priority.")]})
    if not reason.strip():
        raise ValidationFailed({"priority_reason": [_("Say why the priority changes.")]})
    if not ticket.is_open:
        raise ValidationFailed({"priority": [_("The request is no longer open.")]})
    old = ticket.priority
    targets = ticket_targets(
        grade_id=ticket.customer.grade_id, priority=priority, category=ticket.category
    )
    with transaction.atomic():
        ticket.priority, ticket.priority_reason = priority, reason.strip()[:300]
        ticket.response_minutes = targets.response_minutes
        ticket.resolution_minutes = targets.resolution_minutes
        ticket.calendar_code = targets.calendar_code
        ticket.warning_percent = targets.warning_percent
        ticket_clock_refresh(ticket)
        ticket.save()
        # A statutory request's new deadline binds its open steps too.
        _steps_follow(ticket)
        event_record(
            ticket=ticket,
            kind=EventKind.PRIORITY,
            actor=actor,
            at=now,
            text=ticket.priority_reason,
            data={"from": old, "to": priority},
        )
        audit_record(
            actor=actor,
            action="request.priority",
            target=ticket,
            customer_id=ticket.customer_id,
            extra={"from": old, "to": priority},
        )
    return ticket


def ticket_attach(*, ticket: Ticket, actor: User | None, upload: File) -> StoredFile:
    """Keep a file on the request (private storage, type and size checked) and put it on
    the request's timeline; raises ``ValidationFailed`` naming ``file`` when refused."""
    with transaction.atomic():
        stored = file_store(
            upload=upload,
            owner_kind="request",
            owner_id=ticket.pk,
            actor=actor,
            customer_id=ticket.customer_id,
        )
        event_record(ticket=ticket, kind=EventKind.ATTACHMENT, actor=actor, text=stored.name)
    return stored


def ticket_comment(*, ticket: Ticket, actor: User, text: str) -> None:
    if not text.strip():
        raise ValidationFailed({"text": [_("This field is required.")]})
    with transaction.atomic():
        event_record(ticket=ticket, kind=EventKind.COMMENT, actor=actor, text=text.strip())
        audit_record(
            actor=actor, action="request.commented", target=ticket, customer_id=ticket.customer_id
        )


__all__ = [
    "TICKET_CLOCK_FIELDS",
    "TicketInput",
    "ticket_attach",
    "ticket_comment",
    "ticket_confirm",
    "ticket_create",
    "ticket_set_priority",
    "ticket_set_status",
]
