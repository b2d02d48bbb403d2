"""Commitment pages: the list, one commitment with its history and actions, creation
(blank, from a request, from a visit need), the 360-page panel and the fulfilment rate."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.commitments.forms import (
    CancelForm,
    CommitmentForm,
    FromSourceForm,
    FulfilForm,
    RateForm,
    RenegotiateForm,
)
from kamdesk.commitments.models import Commitment, CommitmentStatus, SourceKind
from kamdesk.commitments.selectors import (
    CommitmentFilters,
    commitment_get,
    commitment_search,
    customer_open_commitments,
    events_of,
    fulfilment_evidence,
    fulfilment_rates,
)
from kamdesk.commitments.services import (
    CommitmentInput,
    commitment_cancel,
    commitment_create,
    commitment_from_ticket,
    commitment_fulfil,
    commitment_renegotiate,
    default_due_on,
)
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.forms import KamForm
from kamdesk.customers.selectors import contacts_of, customer_get, kind_require
from kamdesk.files.services import file_store, files_of
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


def _require(request: StaffRequest, action: str) -> None:
    if not can(request.user, action, "commitment"):
        raise PermissionDenied


@require_GET
def commitment_list(request: StaffRequest) -> HttpResponse:
    _require(request, "list")
    status = request.GET.get("status", "")
    filters = CommitmentFilters(
        status=status if status in CommitmentStatus.values else "",
        pending=status == "",
        q=request.GET.get("q", "").strip()[:100],
    )
    page = Paginator(commitment_search(user=request.user, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "commitments/list.html",
        {
            "page": page,
            "status": status,
            "statuses": CommitmentStatus.choices,
            "today": timezone.localdate(),
        },
    )


def detail_context(request: StaffRequest, c: Commitment, **forms: Any) -> dict[str, Any]:
    return {
        "c": c,
        "events": events_of(commitment=c),
        "files": files_of(owner_kind="commitment", owner_id=c.pk),
        "can_change": can(request.user, "change", "commitment") and c.is_pending,
        "fulfil_form": forms.get("fulfil_form") or FulfilForm(),
        "renegotiate_form": forms.get("renegotiate_form") or RenegotiateForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
    }


@require_GET
def commitment_detail(request: StaffRequest, commitment_id: int) -> HttpResponse:
    c = commitment_get(user=request.user, commitment_id=commitment_id)
    return render(request, "commitments/detail.html", detail_context(request, c))


@require_http_methods(["GET", "POST"])
def commitment_new(request: StaffRequest) -> HttpResponse:
    _require(request, "change")
    try:
        customer_id = int(request.GET.get("customer", ""))
    except ValueError as exc:
        raise Http404("No customer") from exc
    customer = customer_get(user=request.user, customer_id=customer_id, kind="commitment")
    contacts = contacts_of(user=request.user, customer=customer)
    initial = {"due_on": default_due_on(today=timezone.localdate()), "source_kind": "call"}
    form = CommitmentForm(request.POST or None, contacts=contacts, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = CommitmentInput(
            customer=customer,
            title=d["title"],
            details=d["details"],
            contact=d["contact"],
            due_on=d["due_on"],
            source_kind=d["source_kind"],
            source_ref=d["source_ref"],
        )
        try:
            c = commitment_create(actor=request.user, data=data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("commitments:detail", commitment_id=c.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "commitments/new.html", {"form": form, "customer": customer}, status=status
    )


@require_http_methods(["GET", "POST"])
def commitment_from_request(request: StaffRequest, ticket_id: int) -> HttpResponse:
    """One click on a request: the form comes prefilled; one button records it."""
    from kamdesk.tickets.selectors import ticket_get

    _require(request, "change")
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    customer_get(user=request.user, customer_id=ticket.customer_id, kind="commitment")
    today = timezone.localdate()
    due = timezone.localdate(ticket.due_at) if ticket.due_at else None
    initial = {
        "title": _("Resolve request %(number)s: %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        "due_on": due if due and due >= today else default_due_on(today=today),
    }
    form = FromSourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            c = commitment_from_ticket(
                actor=request.user,
                ticket=ticket,
                due_on=form.cleaned_data["due_on"],
                title=form.cleaned_data["title"],
            )
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("commitments:detail", commitment_id=c.pk)
    return render(
        request,
        "commitments/from_source.html",
        {
            "form": form,
            "customer": ticket.customer,
            "source": ticket.number,
            "source_label": _("Request"),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def commitment_from_need(request: StaffRequest, need_id: int) -> HttpResponse:
    """From a need raised during a visit: prefilled from the need; one button records
    the commitment and marks the need as turned into one."""
    from kamdesk.commitments.visits import need_get, need_to_commitment

    _require(request, "change")
    need = need_get(user=request.user, need_id=need_id)
    customer = need.visit.customer
    initial = {
        "title": need.description[:200],
        "due_on": default_due_on(today=timezone.localdate()),
    }
    form = FromSourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            c = need_to_commitment(
                actor=request.user,
                need=need,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("commitments:detail", commitment_id=c.pk)
    return render(
        request,
        "commitments/from_source.html",
        {
            "form": form,
            "customer": customer,
            "source": need.description[:60],
            "source_label": SourceKind.VISIT_NEED.label,
        },
        status=422 if request.method == "POST" else 200,
    )


def _act(
    request: StaffRequest,
    commitment_id: int,
    form: KamForm,
    form_name: str,
    run: Callable[[Commitment, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    c = commitment_get(user=request.user, commitment_id=commitment_id)
    _require(request, "change")
    if form.is_valid():
        try:
            run(c, form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, done)
            return redirect("commitments:detail", commitment_id=c.pk)
    c.refresh_from_db()
    return render(
        request,
        "commitments/detail.html",
        detail_context(request, c, **{form_name: form}),
        status=422,
    )


def _evidence(request: StaffRequest, c: Commitment, d: dict[str, Any]) -> Commitment:
    ticket_pk = None
    if d.get("evidence_ticket"):
        number = d["evidence_ticket"].strip().upper()
        ticket_pk = int(number[1:]) if re.fullmatch(r"R\d{1,12}", number) else 0
    ticket, order = fulfilment_evidence(
        user=request.user,
        commitment=c,
        ticket_pk=ticket_pk,
        order_number=(d.get("evidence_order") or "").strip(),
        fields=("evidence_ticket", "evidence_order"),
    )
    if d.get("document"):
        file_store(
            upload=d["document"],
            owner_kind="commitment",
            owner_id=c.pk,
            actor=request.user,
            customer_id=c.customer_id,
        )
    return commitment_fulfil(
        commitment=c,
        actor=request.user,
        evidence_note=d["evidence_note"],
        evidence_ticket=ticket,
        evidence_order=order,
    )


@require_POST
def commitment_fulfil_view(request: StaffRequest, commitment_id: int) -> HttpResponse:
    return _act(
        request,
        commitment_id,
        FulfilForm(request.POST, request.FILES),
        "fulfil_form",
        lambda c, d: _evidence(request, c, d),
        _("Commitment marked as kept."),
    )


@require_POST
def commitment_renegotiate_view(request: StaffRequest, commitment_id: int) -> HttpResponse:
    return _act(
        request,
        commitment_id,
        RenegotiateForm(request.POST),
        "renegotiate_form",
        lambda c, d: commitment_renegotiate(
            commitment=c,
            actor=request.user,
            new_due_on=d["new_due_on"],
            agreed_by=d["agreed_by"],
            agreement=d["agreement"],
            note=d["note"],
        ),
        _("New due date recorded with the customer's agreement."),
    )


@require_POST
def commitment_cancel_view(request: StaffRequest, commitment_id: int) -> HttpResponse:
    return _act(
        request,
        commitment_id,
        CancelForm(request.POST),
        "cancel_form",
        lambda c, d: commitment_cancel(commitment=c, actor=request.user, reason=d["reason"]),
        _("Commitment cancelled."),
    )


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    kind_require(user=request.user, action="view", kind="commitment")
    if not can(request.user, "list", "commitment"):
        return HttpResponse("")
    return render(
        request,
        "commitments/_customer_panel.html",
        {
            "customer": customer,
            "commitments": customer_open_commitments(user=request.user, customer=customer),
            "can_create": can(request.user, "change", "commitment"),
            "today": timezone.localdate(),
        },
    )


def _period(request: StaffRequest) -> tuple[RateForm, dt.date, dt.date]:
    today = timezone.localdate()
    start, end = today.replace(day=1), today
    form = RateForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if end < start:
            start, end = end, start
    return form, start, end


@require_GET
def rate_page(request: StaffRequest) -> HttpResponse:
    _require(request, "list")
    form, start, end = _period(request)
    lines, total = fulfilment_rates(user=request.user, start=start, end=end)
    return render(
        request,
        "commitments/rate.html",
        {"form": form, "lines": lines, "total": total, "start": start, "end": end},
    )
