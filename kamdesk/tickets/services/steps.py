"""The green channel: hand parts of a request to back-office departments, in sequence or
in parallel, and take them back (from an agent's queue or a department's own system)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.tickets.clocks import STEP_CLOCK_FIELDS, pauses_of, step_cap, step_clock_refresh
from kamdesk.tickets.models import (
    ACTIVE_STEP_STATUSES,
    BackofficeSystem,
    Delivery,
    EventKind,
    Status,
    Step,
    StepStatus,
    Ticket,
)
from kamdesk.tickets.services.events import (
    department_agents,
    event_record,
    step_url,
    tell,
    ticket_url,
)
from kamdesk.tickets.services.policies import step_targets
from kamdesk.tickets.sla import steps_to_open
from kamdesk.users.models import Department, User

PARALLEL = "parallel"
AFTER = "after"


def _sequence_for(ticket: Ticket, placement: str) -> int:
    """In parallel: with the current (lowest unfinished) sequence; after: a new last one."""
    steps = list(ticket.steps.values_list("sequence", "status"))
    unfinished = [s for s, st in steps if st not in (StepStatus.DONE, StepStatus.CANCELLED)]
    if placement == PARALLEL and unfinished:
        return min(unfinished)
    return max((s for s, _st in steps), default=0) + 1


def step_add(
    *,
    ticket: Ticket,
    actor: User,
    department: Department,
    instructions: str,
    placement: str = AFTER,
    now: dt.datetime | None = None,
) -> Step:
    """Add a step for ``department``; it opens at once unless earlier steps are unfinished."""
    if not ticket.is_open:
        raise ValidationFailed({"department": [_("The request is no longer open.")]})
    if not instructions.strip():
        raise ValidationFailed({"instructions": [_("Say what the department must do.")]})
    if placement not in (PARALLEL, AFTER):
        raise ValidationFailed({"placement": [_("Choose in parallel or after.")]})
    minutes, percent, calendar = step_targets(department_id=department.pk, priority=ticket.priority)
    system = BackofficeSystem.objects.filter(department=department, is_active=True).first()
    moment = now or timezone.now()
    with transaction.atomic():
        step = Step.objects.create(
            ticket=ticket,
            department=department,
            sequence=_sequence_for(ticket, placement),
            instructions=instructions.strip(),
            created_by=actor,
            calendar_code=calendar,
            target_minutes=minutes,
            warning_percent=percent,
            system=system,
            delivery=Delivery.PENDING if system else Delivery.NONE,
        )
        event_record(
            ticket=ticket,
            step=step,
            kind=EventKind.STEP_ADDED,
            actor=actor,
            at=moment,
            text=f"{department.name}: {step.instructions}",
        )
        audit_record(
            actor=actor,
            action="request.step.added",
            target=step,
            customer_id=ticket.customer_id,
            extra={"department": department.code},
        )
        if ticket.status in (Status.NEW, Status.ACCEPTED, Status.REOPENED):
            from kamdesk.tickets.services.tickets import ticket_set_status

            ticket_set_status(ticket=ticket, actor=actor, status=Status.IN_PROGRESS, now=moment)
        steps_advance(ticket=ticket, now=moment)
    step.refresh_from_db()
    return step


def steps_advance(*, ticket: Ticket, now: dt.datetime | None = None) -> list[Step]:
    """Open the steps whose turn has come; each starts its own clock."""
    moment = now or timezone.now()
    steps = list(ticket.steps.order_by("sequence", "pk"))
    opened = [steps[i] for i in steps_to_open([(s.sequence, s.status) for s in steps])]
    pauses, cap = pauses_of(ticket), step_cap(ticket)
    for step in opened:
        step.status, step.opened_at = StepStatus.OPEN, moment
        if step.system_id:
            step.delivery_next_at = moment
        step_clock_refresh(step, pauses, cap=cap)
        step.save()
        _announce_opened(ticket, step, moment)
    return opened


def _announce_opened(ticket: Ticket, step: Step, moment: dt.datetime) -> None:
    event_record(
        ticket=ticket, step=step, kind=EventKind.STEP_OPENED, at=moment, text=step.department.name
    )
    if step.system_id:
        transaction.on_commit(lambda: _enqueue_delivery(step.pk))
        return
    tell(
        users=department_agents(step.department_id),
        kind="step.opened",
        key=f"step:{step.pk}:opened",
        url=step_url(step),
        now=moment,
        title=_("New step for %(department)s: request %(number)s")
        % {"department": step.department.name, "number": ticket.number},
    )


def _enqueue_delivery(step_id: int) -> None:
    from kamdesk.tickets.tasks import deliver_step

    deliver_step.enqueue(step_id)


def steps_clock_refresh(*, ticket: Ticket) -> None:
    """Recompute the clocks of the request's open steps (after a pause or a resume)."""
    pauses, cap = pauses_of(ticket), step_cap(ticket)
    for step in ticket.steps.filter(status__in=ACTIVE_STEP_STATUSES):
        step_clock_refresh(step, pauses, cap=cap)
        step.save(update_fields=[*STEP_CLOCK_FIELDS, "updated_at"])


def step_take(*, step: Step, actor: User, now: dt.datetime | None = None) -> Step:
    """An agent starts work on an open step of their department."""
    if step.status != StepStatus.OPEN:
        raise ValidationFailed({"status": [_("This step is not open.")]})
    with transaction.atomic():
        step.status, step.assignee = StepStatus.IN_PROGRESS, actor
        step.save(update_fields=["status", "assignee", "updated_at"])
        event_record(
            ticket=step.ticket,
            step=step,
            kind=EventKind.STEP_UPDATED,
            actor=actor,
            at=now,
            text=_("Work started"),
        )
    return step


def step_hand_back(
    *,
    step: Step,
    actor: User | None,
    outcome: str,
    now: dt.datetime | None = None,
    system: BackofficeSystem | None = None,
) -> Step:
    """The department hands the step back with its outcome; the next steps open."""
    if step.status not in ACTIVE_STEP_STATUSES:
        raise ValidationFailed({"status": [_("This step is not open.")]})
    if not outcome.strip():
        raise ValidationFailed({"outcome": [_("Say what was done.")]})
    moment = now or timezone.now()
    ticket = step.ticket
    with transaction.atomic():
        step.status, step.handed_back_at, step.outcome = StepStatus.DONE, moment, outcome.strip()
        step.sla_met = step.due_at is not None and moment <= step.due_at
        step.assignee = step.assignee or actor
        step_clock_refresh(step, [], cap=None)  # a step handed back: no clock runs
        step.save()
        by = system.name if system else (str(actor) if actor else "")
        event_record(
            ticket=ticket,
            step=step,
            kind=EventKind.STEP_HANDED_BACK,
            actor=actor,
            at=moment,
            text=step.outcome,
            data={"by": by},
        )
        audit_record(
            actor=actor,
            action="request.step.handed_back",
            target=step,
            customer_id=ticket.customer_id,
            extra={"by": by},
        )
        tell(
            users=[ticket.owner],
            kind="step.handed_back",
            key=f"step:{step.pk}:back",
            url=ticket_url(ticket),
            now=moment,
            title=_("%(department)s handed back a step of %(number)s")
            % {"department": step.department.name, "number": ticket.number},
        )
        steps_advance(ticket=ticket, now=moment)
    return step


CALLBACK_STATUSES = ("accepted", "in_progress", "done", "rejected")


def step_callback(
    *,
    step: Step,
    system: BackofficeSystem,
    status: str,
    outcome: str = "",
    external_ref: str = "",
    now: dt.datetime | None = None,
) -> Step:
    """A department's system reports on a step. Safe to repeat: a report on a step that is
    already handed back changes nothing."""
    if step.status in (StepStatus.DONE, StepStatus.CANCELLED):
        return step
    if step.status == StepStatus.WAITING:
        raise ValidationFailed({"status": [_("This step has not been handed over yet.")]})
    with transaction.atomic():
        if external_ref and step.external_ref != external_ref:
            step.external_ref = external_ref[:64]
            step.save(update_fields=["external_ref", "updated_at"])
        if status in ("done", "rejected"):
            text = outcome.strip() or _("Done in %(system)s") % {"system": system.name}
            if status == "rejected":
                text = _("Rejected: %(text)s") % {"text": text}
            return step_hand_back(step=step, actor=None, outcome=text, now=now, system=system)
        if step.status == StepStatus.OPEN:
            step.status = StepStatus.IN_PROGRESS
            step.save(update_fields=["status", "updated_at"])
        event_record(
            ticket=step.ticket,
            step=step,
            kind=EventKind.STEP_UPDATED,
            at=now,
            text=outcome.strip() or system.name,
            data={"status": status},
        )
    return step
