"""The adviser's pages: the manager's opportunities, optimisations and proposals."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamdesk.advisor.models import OpportunityRule, OpportunityStatus, ProposalStatus
from kamdesk.advisor.pdf import proposal_pdf, totals
from kamdesk.advisor.selectors import (
    lines_of,
    opportunities_visible_to,
    optimisation_get,
    optimisations_visible_to,
    proposal_get,
    proposal_order_id,
    proposals_visible_to,
    rule_hit_rates,
)
from kamdesk.advisor.services import optimisation_run, subscriber_ids_of_numbers
from kamdesk.advisor.services_proposals import proposal_exported, proposal_from_optimisation
from kamdesk.advisor.templates_text import TEMPLATE_LABELS
from kamdesk.advisor.views.common import need
from kamdesk.audit.watermark import export_mark
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.selectors import customer_get
from kamdesk.users.http import StaffRequest


@require_GET
def home(request: StaffRequest) -> HttpResponse:
    """The manager's opportunities, most valuable first, and each rule's hit rate."""
    need(request, "view")
    status = request.GET.get("status", OpportunityStatus.OPEN)
    rule = request.GET.get("rule", "")
    opportunities = opportunities_visible_to(
        user=request.user,
        status=status if status in OpportunityStatus.values else "",
        rule=rule if rule in OpportunityRule.values else "",
    )
    return render(
        request,
        "advisor/home.html",
        {
            "opportunities": opportunities[:100],
            "rates": rule_hit_rates(user=request.user),
            "optimisations": optimisations_visible_to(user=request.user)[:10],
            "proposals": proposals_visible_to(user=request.user)[:10],
            "status": status,
            "rule": rule,
            "statuses": OpportunityStatus.choices,
            "rules": OpportunityRule.choices,
        },
    )


@require_POST
def optimisation_new(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id, kind="advice")
    need(request, "change")
    try:
        months = int(request.POST.get("months", "12"))
    except ValueError:
        months = 0
    today = timezone.localdate()
    numbers = request.POST.get("numbers", "").strip()[:2000]
    try:
        ids = (
            subscriber_ids_of_numbers(customer=customer, today=today, numbers=numbers)
            if numbers
            else None
        )
        run = optimisation_run(
            actor=request.user, customer=customer, today=today, months=months, subscriber_ids=ids
        )
    except ValidationFailed as exc:
        for errors in exc.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("customers:detail", customer.pk)
    return redirect("advisor:optimisation", run.pk)


@require_GET
def optimisation_detail(request: StaffRequest, optimisation_id: int) -> HttpResponse:
    need(request, "view")
    run = optimisation_get(user=request.user, optimisation_id=optimisation_id)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "advisor/optimisation.html",
        {
            "run": run,
            "lines": lines_of(optimisation=run, changed_only=not show_all)[:500],
            "show_all": show_all,
            "templates": TEMPLATE_LABELS,
        },
    )


@require_POST
def proposal_new(request: StaffRequest, optimisation_id: int) -> HttpResponse:
    need(request, "change")
    run = optimisation_get(user=request.user, optimisation_id=optimisation_id)
    proposal = proposal_from_optimisation(optimisation=run, actor=request.user)
    messages.success(request, _("A draft proposal was made from the optimisation."))
    return redirect("advisor:proposal", proposal.pk)


@require_GET
def proposal_list(request: StaffRequest) -> HttpResponse:
    need(request, "view")
    status = request.GET.get("status", "")
    proposals = proposals_visible_to(
        user=request.user, status=status if status in ProposalStatus.values else ""
    )
    return render(
        request,
        "advisor/proposals.html",
        {"proposals": proposals[:200], "status": status, "statuses": ProposalStatus.choices},
    )


@require_GET
def proposal_detail(request: StaffRequest, proposal_id: int) -> HttpResponse:
    need(request, "view")
    proposal = proposal_get(user=request.user, proposal_id=proposal_id)
    return render(
        request,
        "advisor/proposal.html",
        {
            "proposal": proposal,
            "totals": totals(proposal),
            "statuses": ProposalStatus,
            "order_id": proposal_order_id(user=request.user, proposal=proposal),
        },
    )


@require_GET
def proposal_download(request: StaffRequest, proposal_id: int) -> FileResponse:
    need(request, "export")
    proposal = proposal_get(user=request.user, proposal_id=proposal_id)
    content = proposal_pdf(proposal, mark=export_mark(request.user))
    proposal_exported(proposal=proposal, actor=request.user)
    name = f"proposal-{proposal.pk}-{dt.date.today():%Y%m%d}.pdf"
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=name, content_type="application/pdf"
    )
