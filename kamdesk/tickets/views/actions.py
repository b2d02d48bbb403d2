"""The actions on a request page: each fetches the request in scope, validates one form,
calls one service, and goes back to the page (or shows the form's messages there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.forms import KamForm
from kamdesk.tickets.forms import (
    AttachmentForm,
    CommentForm,
    ConfirmForm,
    PriorityForm,
    StatusForm,
    StepForm,
)
from kamdesk.tickets.models import Ticket
from kamdesk.tickets.selectors import ticket_get
from kamdesk.tickets.services.steps import step_add
from kamdesk.tickets.services.tickets import (
    ticket_comment,
    ticket_confirm,
    ticket_set_priority,
    ticket_set_status,
)
from kamdesk.tickets.views.common import require
from kamdesk.tickets.views.pages import _attach, detail_context
from kamdesk.users.http import StaffRequest


def _act(
    request: StaffRequest,
    ticket_id: int,
    form: KamForm,
    form_name: str,
    run: Callable[[Ticket, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    require(request, "change")
    if form.is_valid():
        try:
            run(ticket, form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, done)
            return redirect("tickets:detail", ticket_id=ticket.pk)
    ticket.refresh_from_db()
    context = detail_context(request, ticket, **{form_name: form})
    return render(request, "tickets/detail.html", context, status=422)


@require_POST
def ticket_status(request: StaffRequest, ticket_id: int) -> HttpResponse:
    current = ticket_get(user=request.user, ticket_id=ticket_id).status
    return _act(
        request,
        ticket_id,
        StatusForm(request.POST, current=current),
        "status_form",
        lambda t, d: ticket_set_status(
            ticket=t,
            actor=request.user,
            status=d["status"],
            note=d["note"],
            resolution=d["resolution"],
        ),
        _("Status changed."),
    )


@require_POST
def ticket_step_add(request: StaffRequest, ticket_id: int) -> HttpResponse:
    return _act(
        request,
        ticket_id,
        StepForm(request.POST),
        "step_form",
        lambda t, d: step_add(
            ticket=t,
            actor=request.user,
            department=d["department"],
            instructions=d["instructions"],
            placement=d["placement"],
        ),
        _("Step added."),
    )


@require_POST
def ticket_confirm_view(request: StaffRequest, ticket_id: int) -> HttpResponse:
    return _act(
        request,
        ticket_id,
        ConfirmForm(request.POST),
        "confirm_form",
        lambda t, d: ticket_confirm(ticket=t, actor=request.user, note=d["note"]),
        _("Confirmation recorded; the request is closed."),
    )


@require_POST
def ticket_priority(request: StaffRequest, ticket_id: int) -> HttpResponse:
    return _act(
        request,
        ticket_id,
        PriorityForm(request.POST),
        "priority_form",
        lambda t, d: ticket_set_priority(
            ticket=t, actor=request.user, priority=d["priority"], reason=d["reason"]
        ),
        _("Priority changed."),
    )


@require_POST
def ticket_comment_view(request: StaffRequest, ticket_id: int) -> HttpResponse:
    return _act(
        request,
        ticket_id,
        CommentForm(request.POST),
        "comment_form",
        lambda t, d: ticket_comment(ticket=t, actor=request.user, text=d["text"]),
        _("Comment added."),
    )


@require_POST
def ticket_attach(request: StaffRequest, ticket_id: int) -> HttpResponse:
    return _act(
        request,
        ticket_id,
        AttachmentForm(request.POST, request.FILES),
        "file_form",
        lambda t, d: _attach(request, t, d["file"]),
        _("File attached."),
    )
