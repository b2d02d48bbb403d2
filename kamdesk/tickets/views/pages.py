"""The account manager's request pages: my requests, a new request, and the request page
with its steps, clocks, timeline and actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer, Subscriber
from kamdesk.customers.selectors import contacts_of, customer_get, subscribers_of
from kamdesk.files.services import files_of
from kamdesk.tickets.clocks import pauses_of, step_remaining_seconds, ticket_remaining_seconds
from kamdesk.tickets.forms import (
    AttachmentForm,
    CommentForm,
    ConfirmForm,
    PriorityForm,
    StatusForm,
    StepForm,
    TicketForm,
)
from kamdesk.tickets.models import Priority, Status, Ticket
from kamdesk.tickets.selectors import (
    TicketFilters,
    categories_active,
    events_of,
    steps_of,
    survey_of,
    ticket_get,
    ticket_search,
)
from kamdesk.tickets.services.tickets import TicketInput, ticket_attach, ticket_create
from kamdesk.tickets.views.common import require
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Role
from kamdesk.users.permissions import can

PER_PAGE = 25


def _filters(request: StaffRequest) -> TicketFilters:
    get = request.GET
    customer = get.get("customer", "")
    default_owner = "me" if request.user.role == Role.MANAGER else ""
    return TicketFilters(
        status=get.get("status", "open"),
        category=get.get("category", ""),
        priority=get.get("priority", ""),
        customer_id=int(customer) if customer.isdigit() else None,
        owner=get.get("owner", default_owner),
        breached=get.get("breached") == "1",
        q=get.get("q", "").strip()[:100],
    )


@require_GET
def ticket_list(request: StaffRequest) -> HttpResponse:
    """My requests, the closest to breach first."""
    require(request, "list")
    if request.user.role == Role.BACKOFFICE:
        return redirect("tickets:queue")
    filters = _filters(request)
    page = Paginator(ticket_search(user=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "tickets/list.html",
        {
            "page": page,
            "filters": filters,
            "categories": categories_active(),
            "statuses": Status.choices,
            "priorities": Priority.choices,
            "now": timezone.now(),
        },
    )


# --- a new request ------------------------------------------------------------------------


def _ticket_form(request: StaffRequest, customer: Customer) -> TicketForm:
    return TicketForm(
        request.POST or None,
        request.FILES or None,
        categories=categories_active(),
        contacts=contacts_of(user=request.user, customer=customer),
    )


def _subscribers(request: StaffRequest, customer: Customer, numbers: list[str]) -> list[Subscriber]:
    found: list[Subscriber] = []
    for number in numbers:
        match = (
            subscribers_of(user=request.user, customer=customer, q=number, current_only=True)
            .filter(number=number)
            .first()
        )
        if match is None:
            raise ValidationFailed(
                {
                    "numbers": [
                        _("%(number)s is not a current line of this customer.") % {"number": number}
                    ]
                }
            )
        found.append(match)
    return found


@require_http_methods(["GET", "POST"])
def ticket_new(request: StaffRequest) -> HttpResponse:
    require(request, "change")
    customer_id = request.GET.get("customer", "")
    if not customer_id.isdigit():
        return render(request, "tickets/choose_customer.html", {})
    customer = customer_get(user=request.user, customer_id=int(customer_id), kind="request")
    form = _ticket_form(request, customer)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = _create_from_form(request, customer, form)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Request %(number)s opened.") % {"number": ticket.number})
            return redirect("tickets:detail", ticket_id=ticket.pk)
    return render(request, "tickets/new.html", {"customer": customer, "form": form})


def _create_from_form(request: StaffRequest, customer: Customer, form: TicketForm) -> Ticket:
    data = form.cleaned_data
    ticket = ticket_create(
        actor=request.user,
        data=TicketInput(
            customer=customer,
            category=data["category"],
            channel=data["channel"],
            title=data["title"],
            description=data["description"],
            contact=data["contact"],
            subscribers=_subscribers(request, customer, form.numbers_list()),
            priority=data["priority"],
            priority_reason=data["priority_reason"],
        ),
    )
    if data.get("attachment"):
        _attach(request, ticket, data["attachment"])
    return ticket


def _attach(request: StaffRequest, ticket: Ticket, upload: Any) -> None:
    ticket_attach(ticket=ticket, actor=request.user, upload=upload)


# --- the request page ----------------------------------------------------------------------


def detail_context(request: StaffRequest, ticket: Ticket, **forms: Any) -> dict[str, Any]:
    now = timezone.now()
    pauses = pauses_of(ticket)
    steps = [
        {"step": s, "remaining": step_remaining_seconds(s, pauses, now)}
        for s in steps_of(ticket=ticket)
    ]
    can_change = can(request.user, "change", "request") and ticket.customer_id is not None
    return {
        "ticket": ticket,
        "steps": steps,
        "events": events_of(ticket=ticket),
        "remaining": ticket_remaining_seconds(ticket, now),
        "now": now,
        "files": files_of(owner_kind="request", owner_id=ticket.pk),
        "survey": survey_of(ticket=ticket),
        "can_change": can_change,
        "subscribers": list(ticket.subscribers.all()),
        "status_form": forms.get("status_form") or StatusForm(current=ticket.status),
        "step_form": forms.get("step_form") or StepForm(),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "priority_form": forms.get("priority_form")
        or PriorityForm(initial={"priority": ticket.priority}),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "file_form": forms.get("file_form") or AttachmentForm(),
        "survey_days": settings.SURVEY_RESPONSE_DAYS,
    }


@require_GET
def ticket_detail(request: StaffRequest, ticket_id: int) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    return render(request, "tickets/detail.html", detail_context(request, ticket))


def remaining_until(due: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if due is None else int((due - now).total_seconds())
