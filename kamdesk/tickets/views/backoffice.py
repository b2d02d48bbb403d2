"""The back office: a department's queue and the step page an agent works from.

An agent sees only what the step needs: the customer's name and grade, the category,
priority and what is asked, with every number masked (also inside free text). Any
other step, and every request page, does not exist for them (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.files.services import files_of
from kamdesk.tickets.clocks import pauses_of, step_remaining_seconds
from kamdesk.tickets.forms import HandBackForm
from kamdesk.tickets.models import Priority, Step, StepStatus
from kamdesk.tickets.redact import redact_numbers
from kamdesk.tickets.selectors import (
    department_queue,
    department_queue_size,
    queue_names,
    step_for_agent,
    step_get,
)
from kamdesk.tickets.services.steps import step_hand_back, step_take
from kamdesk.tickets.views.common import require
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Department, Role

QUEUE_PAGE = 25


class CountedPaginator(Paginator):
    """A paginator told its count, so that it does not count the joined query."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


PRIORITY_CLASS = {"p1": "text-bg-danger", "p2": "text-bg-warning", "p3": "text-bg-primary"}
STATUS_CLASS = {"open": "text-bg-info", "in_progress": "text-bg-primary"}


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue, prepared here: the page is read all day by every agent, so
    the template only prints (a row of includes and lookups costs ten times more)."""

    url: str
    number: str
    due: str
    warn: str
    customer: str
    grade: str
    category: str
    priority: str
    priority_class: str
    instructions: str
    status: str
    status_class: str
    assignee: str


def queue_row(row: dict, names: dict[str, dict[int, str]], step_base: str) -> QueueRow:
    priority = row["ticket__priority"]
    return QueueRow(
        url=f"{step_base}{row['pk']}/",
        number=f"R{row['ticket_id']:08d}",
        due=row["due_at"].isoformat() if row["due_at"] else "",
        warn=row["warn_at"].isoformat() if row["warn_at"] else "",
        customer=row["ticket__customer__name"],
        grade=names["grade"].get(row["ticket__customer__grade_id"], ""),
        category=names["category"].get(row["ticket__category_id"], ""),
        priority=str(Priority(priority).label),
        priority_class=PRIORITY_CLASS.get(priority, "text-bg-secondary"),
        instructions=Truncator(redact_numbers(row["instructions"])).chars(80),
        status=str(StepStatus(row["status"]).label),
        status_class=STATUS_CLASS.get(row["status"], "text-bg-secondary"),
        assignee=names["assignee"].get(row["assignee_id"], "—"),
    )


def queue_rows(page: list[dict]) -> list[QueueRow]:
    names = queue_names(rows=page)
    step_base = reverse("tickets:step", args=[0])[:-2]  # ".../steps/" without "0/"
    return [queue_row(row, names, step_base) for row in page]


def _queue_department(request: StaffRequest) -> Department | None:
    if request.user.role == Role.BACKOFFICE:
        return request.user.department
    code = request.GET.get("department", "")
    return Department.objects.filter(code=code).first() if code else None


@require_GET
def queue(request: StaffRequest) -> HttpResponse:
    """Open steps of a department, the closest to breach first."""
    require(request, "list")
    department = _queue_department(request)
    steps = department_queue(user=request.user, department=department)
    size = department_queue_size(user=request.user, department=department)
    page = CountedPaginator(steps, QUEUE_PAGE, count=size).get_page(request.GET.get("page"))
    return render(
        request,
        "tickets/queue.html",
        {
            "page": page,
            "rows": queue_rows(list(page)),
            "department": department,
            "departments": Department.objects.order_by("code")
            if request.user.role != Role.BACKOFFICE
            else [],
        },
    )


def _step_context(step: Step, form: HandBackForm | None = None) -> dict[str, object]:
    ticket = step.ticket
    return {
        "step": step,
        "ticket": ticket,
        "form": form or HandBackForm(),
        "remaining": step_remaining_seconds(step, pauses_of(ticket), timezone.now()),
        "subscribers": list(ticket.subscribers.all()),
        "files": files_of(owner_kind="request", owner_id=ticket.pk),
    }


@require_GET
def step_page(request: StaffRequest, step_id: int) -> HttpResponse:
    if request.user.role != Role.BACKOFFICE:
        step = step_get(user=request.user, step_id=step_id)
        return redirect("tickets:detail", ticket_id=step.ticket_id)
    step = step_for_agent(user=request.user, step_id=step_id)
    return render(request, "tickets/step.html", _step_context(step))


def _agent_step(request: StaffRequest, step_id: int) -> Step:
    if request.user.role != Role.BACKOFFICE:
        raise Http404("No such step")
    step = step_for_agent(user=request.user, step_id=step_id)
    require(request, "change")
    return step


@require_POST
def step_take_view(request: StaffRequest, step_id: int) -> HttpResponse:
    step = _agent_step(request, step_id)
    try:
        step_take(step=step, actor=request.user)
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    return redirect("tickets:step", step_id=step.pk)


@require_POST
def step_hand_back_view(request: StaffRequest, step_id: int) -> HttpResponse:
    step = _agent_step(request, step_id)
    form = HandBackForm(request.POST)
    if form.is_valid():
        try:
            step_hand_back(step=step, actor=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Step handed back."))
            return redirect("tickets:queue")
    return render(request, "tickets/step.html", _step_context(step, form), status=422)
