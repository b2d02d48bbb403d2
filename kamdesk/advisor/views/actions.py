"""The adviser's actions: decide opportunities, send marketing messages, edit and move
proposals. Each checks access, validates, calls one service and goes back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamdesk.advisor.selectors import opportunity_get, proposal_get
from kamdesk.advisor.services_opportunities import (
    marketing_message_send,
    opportunity_accept,
    opportunity_propose,
    opportunity_reject,
)
from kamdesk.advisor.services_proposals import (
    proposal_edit,
    proposal_link_order,
    proposal_set_status,
)
from kamdesk.advisor.views.common import need
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact
from kamdesk.users.http import StaffRequest


def _back(request: StaffRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _errors(request: StaffRequest, exc: ValidationFailed) -> None:
    for errors in exc.errors.values():
        for message in errors:
            messages.error(request, message)


@require_POST
def opportunity_decide(request: StaffRequest, opportunity_id: int) -> HttpResponse:
    need(request, "change")
    opportunity = opportunity_get(user=request.user, opportunity_id=opportunity_id)
    decision = request.POST.get("decision", "")
    try:
        if decision == "accept":
            opportunity_accept(opportunity=opportunity, actor=request.user)
        elif decision == "reject":
            opportunity_reject(
                opportunity=opportunity, actor=request.user, reason=request.POST.get("reason", "")
            )
        elif decision == "propose":
            proposal = opportunity_propose(opportunity=opportunity, actor=request.user)
            return redirect("advisor:proposal", proposal.pk)
        else:
            messages.error(request, _("Choose accept, reject or propose."))
    except ValidationFailed as exc:
        _errors(request, exc)
    return _back(request, "advisor:home")


@require_POST
def opportunity_message(request: StaffRequest, opportunity_id: int) -> HttpResponse:
    need(request, "change")
    opportunity = opportunity_get(user=request.user, opportunity_id=opportunity_id)
    contact = Contact.objects.filter(
        pk=request.POST.get("contact") or 0, customer=opportunity.customer
    ).first()
    if contact is None:
        messages.error(request, _("Choose a contact of this customer."))
        return _back(request, "advisor:home")
    try:
        marketing_message_send(
            actor=request.user,
            customer=opportunity.customer,
            contact=contact,
            channel=request.POST.get("channel", ""),
            body=request.POST.get("body", ""),
        )
        messages.success(request, _("The message was queued and logged as an interaction."))
    except ValidationFailed as exc:
        _errors(request, exc)
    return _back(request, "advisor:home")


@require_POST
def proposal_update(request: StaffRequest, proposal_id: int) -> HttpResponse:
    need(request, "change")
    proposal = proposal_get(user=request.user, proposal_id=proposal_id)
    data = {
        k: request.POST[k] for k in ("title", "situation", "solution", "terms") if k in request.POST
    }
    try:
        proposal_edit(proposal=proposal, actor=request.user, data=data)
        messages.success(request, _("The proposal was saved."))
    except ValidationFailed as exc:
        _errors(request, exc)
    return redirect("advisor:proposal", proposal.pk)


@require_POST
def proposal_status(request: StaffRequest, proposal_id: int) -> HttpResponse:
    need(request, "change")
    proposal = proposal_get(user=request.user, proposal_id=proposal_id)
    try:
        proposal_set_status(
            proposal=proposal,
            actor=request.user,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            order_ref=request.POST.get("order_ref", ""),
        )
    except ValidationFailed as exc:
        _errors(request, exc)
    return redirect("advisor:proposal", proposal.pk)


@require_POST
def proposal_order(request: StaffRequest, proposal_id: int) -> HttpResponse:
    need(request, "change")
    proposal = proposal_get(user=request.user, proposal_id=proposal_id)
    try:
        proposal_link_order(
            proposal=proposal, actor=request.user, order_ref=request.POST.get("order_ref", "")
        )
    except ValidationFailed as exc:
        _errors(request, exc)
    return redirect("advisor:proposal", proposal.pk)
