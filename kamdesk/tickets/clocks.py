"""Stored clocks of requests and steps: computed with the pure ``calendars.clock`` module
when something changes (opened, paused, resumed, resolved), never by the sweep."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kamdesk.calendars.clock import Pause, WorkCalendar, deadline, elapsed, share_of
from kamdesk.calendars.selectors import work_calendar
from kamdesk.tickets.models import ClockPause, Step, Ticket
from kamdesk.tickets.sla import STOPPED

TICKET_CLOCK_FIELDS = [
    "due_at",
    "warn_at",
    "response_due_at",
    "paused_since",
    "warn_pending_at",
    "breach_pending_at",
    "response_pending_at",
]
STEP_CLOCK_FIELDS = ["due_at", "warn_at", "warn_pending_at", "breach_pending_at"]


def calendar_of(code: str, start: dt.datetime) -> WorkCalendar:
    return work_calendar(code=code, around=timezone.localtime(start).date())


def pauses_of(ticket: Ticket) -> list[Pause]:
    """The spans the request's clocks stood still; none for a statutory deadline, which
    the regulator counts in calendar time whatever the operator is waiting for."""
    if ticket.statutory or ticket.pk is None:
        return []
    return [(p.started_at, p.ended_at) for p in ClockPause.objects.filter(ticket=ticket)]


def ticket_clock_refresh(ticket: Ticket) -> None:
    """Recompute the request's deadlines and what the sweep has left to do (unsaved)."""
    if ticket.status in STOPPED:
        ticket.warn_pending_at = ticket.breach_pending_at = ticket.response_pending_at = None
        return
    cal = calendar_of(ticket.calendar_code, ticket.opened_at)
    pauses = pauses_of(ticket)
    target = dt.timedelta(minutes=ticket.resolution_minutes)
    ticket.due_at = deadline(cal, ticket.opened_at, target, pauses)
    ticket.warn_at = deadline(
        cal, ticket.opened_at, share_of(target, ticket.warning_percent), pauses
    )
    response = dt.timedelta(minutes=ticket.response_minutes)
    ticket.response_due_at = deadline(cal, ticket.opened_at, response, pauses)
    ticket.paused_since = next((b for b, e in pauses if e is None), None)
    ticket.warn_pending_at = ticket.warn_at if ticket.warned_at is None else None
    ticket.breach_pending_at = ticket.due_at if ticket.breached_at is None else None
    waiting_response = ticket.first_response_at is None and ticket.response_breached_at is None
    ticket.response_pending_at = ticket.response_due_at if waiting_response else None


def step_cap(ticket: Ticket) -> dt.datetime | None:
    """The latest a step of this request may be due: a statutory deadline binds every
    department that works on the request, whatever its own target says."""
    return ticket.due_at if ticket.statutory else None


def step_clock_refresh(step: Step, pauses: list[Pause], *, cap: dt.datetime | None) -> None:
    """Recompute an open step's deadline from its department's target, no later than
    ``cap`` (the request's statutory deadline, see ``step_cap``); unsaved."""
    if not step.is_active or step.opened_at is None:
        step.warn_pending_at = step.breach_pending_at = None
        return
    cal = calendar_of(step.calendar_code, step.opened_at)
    target = dt.timedelta(minutes=step.target_minutes)
    step.due_at = deadline(cal, step.opened_at, target, pauses)
    step.warn_at = deadline(cal, step.opened_at, share_of(target, step.warning_percent), pauses)
    if cap is not None and (step.due_at is None or step.due_at > cap):
        # Warn at the same share of the (shorter) time the cap leaves, in calendar time.
        left = max(cap - step.opened_at, dt.timedelta(0))
        capped_warn = step.opened_at + share_of(left, step.warning_percent)
        step.due_at = cap
        step.warn_at = min(step.warn_at, capped_warn) if step.warn_at else capped_warn
    step.warn_pending_at = step.warn_at if step.warned_at is None else None
    step.breach_pending_at = step.due_at if step.breached_at is None else None


def ticket_remaining_seconds(ticket: Ticket, now: dt.datetime) -> int | None:
    """What the request's clock shows: while it runs, the seconds until its deadline
    (negative once breached), which the browser then counts down; while it is paused,
    the business seconds it has left."""
    if ticket.opened_at is None:
        return None
    if ticket.is_open and ticket.due_at is not None:
        return int((ticket.due_at - now).total_seconds())
    cal = calendar_of(ticket.calendar_code, ticket.opened_at)
    end = ticket.resolved_at if ticket.status in STOPPED and ticket.resolved_at else now
    used = elapsed(cal, ticket.opened_at, end, pauses_of(ticket))
    return int(
        dt.timedelta(minutes=ticket.resolution_minutes).total_seconds() - used.total_seconds()
    )


def step_remaining_seconds(step: Step, pauses: list[Pause], now: dt.datetime) -> int | None:
    """What a step's clock shows, as ``ticket_remaining_seconds`` says."""
    if step.opened_at is None:
        return None
    if step.is_active and step.due_at is not None:
        return int((step.due_at - now).total_seconds())
    cal = calendar_of(step.calendar_code, step.opened_at)
    end = step.handed_back_at or now
    used = elapsed(cal, step.opened_at, end, pauses)
    return int(step.target_minutes * 60 - used.total_seconds())
