"""The periodic sweep: warnings, breaches and escalations that have come due.

It is a handful of indexed queries on the stored ``*_pending_at`` columns, never a
recomputation of clocks, and it works in batches: one UPDATE … RETURNING claims every
due item of a kind (``warned_at`` still empty → set it), then the batch's events and
notifications are written with one insert each, in the same transaction. A claimed
item belongs to exactly one run; every event and notification also carries a
de-duplication key. So a run that comes twice, late or alongside another sends nothing
twice, and a late run simply finds more that is due.

Slow work is handed to background tasks rather than done here: e-mails, and the HTTP
deliveries to departments' own systems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.notifications.services import Notice, notify_many
from kamdesk.tickets.models import EventKind, Step, Ticket, TicketEvent
from kamdesk.tickets.services.events import step_url, ticket_url
from kamdesk.users.models import Role, User

BATCH = 500


@dataclass
class SweepResult:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int = 1) -> None:
        if n:
            self.counts[name] = self.counts.get(name, 0) + n


@dataclass
class Batch:
    """What one batch writes: events on requests and notifications to staff."""

    now: dt.datetime
    events: list[TicketEvent] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def event(
        self, ticket: Ticket, kind: str, key: str, step: Step | None = None, text: str = ""
    ) -> None:
        self.events.append(
            TicketEvent(ticket=ticket, step=step, kind=kind, at=self.now, text=text, dedup_key=key)
        )

    def tell(self, users: list[User | None], kind: str, key: str, title: str, url: str) -> None:
        for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
            self.notices.append(
                Notice(user=user, kind=kind, title=title, url=url, dedup_key=f"{key}:u{user.pk}")
            )


def _claim(
    model: type[Ticket] | type[Step], done: str, pending: str, now: dt.datetime
) -> list[int]:
    """Claim up to ``BATCH`` due items in one statement; returns the ids this run got.

    The moment recorded is the one that was due (a breach happened at the deadline even
    when a late run notices it). Under concurrency the ``done IS NULL`` test is made
    again on the locked row, so an item goes to one run only.
    """
    table = model._meta.db_table
    sql = (
        f"UPDATE {table} SET {done} = {pending}, {pending} = NULL"  # noqa: S608 - names are ours
        f" WHERE id IN (SELECT id FROM {table} WHERE {pending} <= %s AND {done} IS NULL"
        f" ORDER BY {pending} LIMIT %s) AND {done} IS NULL AND {pending} IS NOT NULL"
        " RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, BATCH])
        ids = [row[0] for row in cursor.fetchall()]
        # Done by another run already: make sure such rows are not found due again.
        cursor.execute(
            f"UPDATE {table} SET {pending} = NULL WHERE {pending} <= %s"  # noqa: S608
            f" AND {done} IS NOT NULL",
            [now],
        )
    return ids


def sla_sweep(*, now: dt.datetime | None = None, other_work: bool = True) -> SweepResult:
    """Process whatever is due at ``now``; safe to run twice, late or concurrently.

    ``other_work`` also hands due deliveries and e-mails to background tasks and
    records unanswered surveys."""
    moment = now or timezone.now()
    result = SweepResult()
    for kind in KINDS:
        while True:
            with transaction.atomic():
                ids = _claim(kind.model, kind.done, kind.pending, moment)
                if ids:
                    batch = Batch(now=moment)
                    kind.write(ids, batch)
                    TicketEvent.objects.bulk_create(batch.events, ignore_conflicts=True)
                    notify_many(notices=batch.notices, now=moment)
            result.add(kind.name, len(ids))
            if len(ids) < BATCH:
                break
    if other_work:
        _other_work(moment, result)
    return result


def _other_work(moment: dt.datetime, result: SweepResult) -> None:
    from kamdesk.notifications.tasks import send_due_emails
    from kamdesk.tickets.services.outbound import deliveries_enqueue
    from kamdesk.tickets.services.surveys import surveys_expire

    result.add("deliveries", deliveries_enqueue(now=moment))
    result.add("surveys_expired", surveys_expire(now=moment))
    send_due_emails.enqueue()


# --- what each kind writes --------------------------------------------------------------


def _tickets(ids: list[int]) -> list[Ticket]:
    return list(
        Ticket.objects.filter(pk__in=ids).select_related("owner__team__supervisor").order_by("pk")
    )


def _steps(ids: list[int]) -> list[Step]:
    return list(
        Step.objects.filter(pk__in=ids)
        .select_related("ticket__owner__team__supervisor", "department")
        .order_by("pk")
    )


def _supervisor(ticket: Ticket) -> User | None:
    team = ticket.owner.team
    return team.supervisor if team is not None else None


def _agents(steps: list[Step]) -> dict[int, list[User]]:
    agents: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.BACKOFFICE, is_active=True, department_id__in={s.department_id for s in steps}
    ):
        agents.setdefault(user.department_id or 0, []).append(user)
    return agents


def _ticket_warnings(ids: list[int], batch: Batch) -> None:
    for ticket in _tickets(ids):
        key = f"request:{ticket.pk}:warning"
        batch.event(
            ticket,
            EventKind.WARNING,
            key,
            text=_("%(percent)s%% of the resolution time used")
            % {"percent": ticket.warning_percent},
        )
        batch.tell(
            [ticket.owner],
            "sla.warning",
            key,
            _("Request %(number)s is close to its deadline") % {"number": ticket.number},
            ticket_url(ticket),
        )


def _ticket_responses(ids: list[int], batch: Batch) -> None:
    for ticket in _tickets(ids):
        key = f"request:{ticket.pk}:response"
        batch.event(ticket, EventKind.RESPONSE_BREACH, key)
        batch.tell(
            [ticket.owner],
            "sla.response",
            key,
            _("Request %(number)s has had no response yet") % {"number": ticket.number},
            ticket_url(ticket),
        )


def _ticket_breaches(ids: list[int], batch: Batch) -> None:
    for ticket in _tickets(ids):
        key = f"request:{ticket.pk}:breach"
        batch.event(ticket, EventKind.BREACH, key)
        batch.tell(
            [ticket.owner],
            "sla.breach",
            key,
            _("Request %(number)s missed its deadline") % {"number": ticket.number},
            ticket_url(ticket),
        )
        _escalate(batch, ticket, None, ticket.title)


def _escalate(batch: Batch, ticket: Ticket, step: Step | None, what: str) -> None:
    supervisor = _supervisor(ticket)
    key = f"step:{step.pk}:escalation" if step else f"request:{ticket.pk}:escalation"
    batch.event(
        ticket, EventKind.ESCALATION, key, step=step, text=str(supervisor or _("no supervisor"))
    )
    batch.tell(
        [supervisor],
        "sla.escalation",
        key,
        _("Escalation: %(number)s (%(what)s) missed its deadline")
        % {"number": ticket.number, "what": what},
        ticket_url(ticket),
    )


def _step_warnings(ids: list[int], batch: Batch) -> None:
    steps = _steps(ids)
    agents = _agents(steps)
    for step in steps:
        ticket, key = step.ticket, f"step:{step.pk}:warning"
        title = _("Step of %(number)s for %(department)s is close to its deadline") % {
            "number": ticket.number,
            "department": step.department.name,
        }
        batch.event(ticket, EventKind.WARNING, key, step=step, text=step.department.name)
        batch.tell([ticket.owner], "sla.warning", key, title, ticket_url(ticket))
        batch.tell(
            list(agents.get(step.department_id, [])), "sla.warning", key, title, step_url(step)
        )


def _step_breaches(ids: list[int], batch: Batch) -> None:
    steps = _steps(ids)
    agents = _agents(steps)
    for step in steps:
        ticket, key = step.ticket, f"step:{step.pk}:breach"
        title = _("Step of %(number)s for %(department)s missed its deadline") % {
            "number": ticket.number,
            "department": step.department.name,
        }
        batch.event(ticket, EventKind.BREACH, key, step=step, text=step.department.name)
        # Agents never see the request itself (404): their link is the step's page.
        batch.tell([ticket.owner], "sla.breach", key, title, ticket_url(ticket))
        agents_told: list[User | None] = list(agents.get(step.department_id, []))
        batch.tell(agents_told, "sla.breach", key, title, step_url(step))
        _escalate(batch, ticket, step, step.department.name)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[Ticket] | type[Step]
    done: str
    pending: str
    write: Callable[[list[int], Batch], None]


# Warnings before breaches, so that a late run tells things in the order they happened.
KINDS = (
    Kind("warnings", Ticket, "warned_at", "warn_pending_at", _ticket_warnings),
    Kind(
        "response_breaches",
        Ticket,
        "response_breached_at",
        "response_pending_at",
        _ticket_responses,
    ),
    Kind("breaches", Ticket, "breached_at", "breach_pending_at", _ticket_breaches),
    Kind("step_warnings", Step, "warned_at", "warn_pending_at", _step_warnings),
    Kind("step_breaches", Step, "breached_at", "breach_pending_at", _step_breaches),
)
