"""Reads of requests and steps, with their access scope written once, here.

- Managers and supervisors see the requests of the customers in their scope
  (``customers_visible_to``), with every step.
- A back-office agent sees no request at all: only the steps handed to their own
  department, with the customer's name and masked numbers (``StepView``); anything
  else does not exist for them (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.customers.models import Customer, Grade
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.tickets.models import (
    ACTIVE_STEP_STATUSES,
    OPEN_STATUSES,
    Category,
    Status,
    Step,
    StepStatus,
    Survey,
    Ticket,
    TicketEvent,
)
from kamdesk.users.models import Department, Role, User
from kamdesk.users.permissions import can


def tickets_visible_to(*, user: User) -> QuerySet[Ticket]:
    if not can(user, "list", "request") or user.role == Role.BACKOFFICE:
        return Ticket.objects.none()
    customers = customers_visible_to(user=user, kind="request")
    return Ticket.objects.filter(customer__in=customers.values("pk")).select_related(
        "customer__grade", "category", "owner"
    )


def ticket_get(*, user: User, ticket_id: int) -> Ticket:
    try:
        return tickets_visible_to(user=user).select_related("contact").get(pk=ticket_id)
    except (Ticket.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such request") from exc


@dataclass(frozen=True)
class TicketFilters:
    status: str = ""  # "", "open", or a status
    category: str = ""
    priority: str = ""
    customer_id: int | None = None
    owner: str = ""  # "me" or a username
    breached: bool = False
    q: str = ""


def ticket_search(*, user: User, filters: TicketFilters) -> QuerySet[Ticket]:
    """Requests in scope, the ones closest to breach first (paused and closed ones last)."""
    qs = tickets_visible_to(user=user)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.customer_id:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.owner == "me":
        qs = qs.filter(owner=user)
    elif filters.owner:
        qs = qs.filter(owner__username=filters.owner)
    if filters.breached:
        qs = qs.filter(breached_at__isnull=False)
    qs = _text_filter(qs, filters.q.strip())
    return qs.order_by(F("due_at").asc(nulls_last=True), "-opened_at", "-pk")


def _text_filter(qs: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    if not text:
        return qs
    number = text.upper().removeprefix("R")
    if number.isdigit():
        return qs.filter(pk=int(number))
    return qs.filter(Q(title__icontains=text) | Q(customer__name__icontains=text))


def steps_of(*, ticket: Ticket) -> list[Step]:
    return list(
        ticket.steps.select_related("department", "assignee", "system").order_by("sequence", "pk")
    )


def events_of(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor", "step__department").order_by("at", "pk")


def survey_of(*, ticket: Ticket) -> Survey | None:
    return ticket.surveys.order_by("-round").first()


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("rank", "code")


# --- back office ------------------------------------------------------------------------


def department_of(user: User) -> Department | None:
    if user.role != Role.BACKOFFICE or not can(user, "list", "request"):
        return None
    return user.department


def _queue_department(user: User, department: Department | None) -> Department | None:
    """An agent sees their own department's queue; supervisors and administrators may look
    at any department's; everyone else at none."""
    if user.role == Role.BACKOFFICE:
        return department_of(user)
    if user.role in (Role.SUPERVISOR, Role.SYSTEM_ADMIN):
        return department
    return None


def department_queue(*, user: User, department: Department | None = None) -> QuerySet:
    """Open steps of a department, the closest to breach first, as plain values.

    Plain values over three tables: every agent reads this page all day, and planning a
    six-table join or building five model objects a row costs more than the query.
    Category, grade and assignee names come from small lookups (``queue_names``).
    """
    department = _queue_department(user, department)
    if department is None:
        return Step.objects.none().values("pk")
    return (
        Step.objects.filter(department=department, status__in=ACTIVE_STEP_STATUSES)
        .order_by(F("due_at").asc(nulls_last=True), "pk")
        .values(
            "pk",
            "ticket_id",
            "due_at",
            "warn_at",
            "status",
            "instructions",
            "assignee_id",
            "ticket__priority",
            "ticket__category_id",
            "ticket__customer__name",
            "ticket__customer__grade_id",
        )
    )


def department_queue_size(*, user: User, department: Department | None = None) -> int:
    """How many steps the queue holds, counted without its joins: an index-only count on
    the queue's partial index instead of a join over a million requests."""
    department = _queue_department(user, department)
    if department is None:
        return 0
    return Step.objects.filter(department=department, status__in=ACTIVE_STEP_STATUSES).count()


def queue_names(*, rows: list[dict]) -> dict[str, dict[int, str]]:
    """Names of the categories, grades and assignees of queue rows, in three small reads."""
    assignees = {r["assignee_id"] for r in rows if r["assignee_id"]}
    return {
        "category": dict(Category.objects.values_list("pk", "name")),
        "grade": dict(Grade.objects.values_list("pk", "name")),
        "assignee": {u.pk: str(u) for u in User.objects.filter(pk__in=assignees)}
        if assignees
        else {},
    }


def step_for_agent(*, user: User, step_id: int) -> Step:
    """A step of the agent's department (any status), or 404."""
    department = department_of(user)
    try:
        if department is None:
            raise Step.DoesNotExist
        return Step.objects.select_related(
            "ticket__customer__grade", "ticket__category", "department", "assignee"
        ).get(
            pk=step_id, department=department, status__in=[*ACTIVE_STEP_STATUSES, StepStatus.DONE]
        )
    except (Step.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such step") from exc


def step_get(*, user: User, step_id: int) -> Step:
    """A step the user may see: through its request (managers) or its department (agents)."""
    if user.role == Role.BACKOFFICE:
        return step_for_agent(user=user, step_id=step_id)
    try:
        return Step.objects.select_related("ticket", "department").get(
            pk=step_id, ticket__in=tickets_visible_to(user=user).values("pk")
        )
    except (Step.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such step") from exc


def ticket_file_readable(user: User, ticket_id: int) -> bool:
    """Attachments of a request: whoever sees the request, and agents of a department that
    has a step on it (they may need the bill in dispute)."""
    if user.role == Role.BACKOFFICE:
        department = department_of(user)
        return (
            department is not None
            and Step.objects.filter(ticket_id=ticket_id, department=department)
            .exclude(status=StepStatus.WAITING)
            .exists()
        )
    return tickets_visible_to(user=user).filter(pk=ticket_id).exists()


# --- supervisors ------------------------------------------------------------------------


def breach_board(*, user: User, now: dt.datetime | None = None) -> dict[str, list]:
    """Open requests and steps in the user's scope that breached or are past warning."""
    moment = now or timezone.now()
    tickets = tickets_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    breached = list(tickets.filter(breached_at__isnull=False).order_by("due_at")[:200])
    at_risk = list(
        tickets.filter(breached_at__isnull=True, warn_at__lte=moment).order_by("due_at")[:200]
    )
    steps = list(
        Step.objects.filter(ticket__in=tickets.values("pk"), status__in=ACTIVE_STEP_STATUSES)
        .filter(Q(breached_at__isnull=False) | Q(warn_at__lte=moment))
        .select_related("ticket__customer", "department")
        .order_by("due_at")[:200]
    )
    return {"breached": breached, "at_risk": at_risk, "steps": steps}


def customer_tickets(*, user: User, customer: Customer, limit: int = 20) -> list[Ticket]:
    return list(
        tickets_visible_to(user=user)
        .filter(customer=customer)
        .order_by("-opened_at", "-pk")[:limit]
    )


def open_statuses() -> tuple[str, ...]:
    return tuple(str(s) for s in OPEN_STATUSES)


__all__ = ["Status", "TicketFilters"]
