"""Pages of prospects, competitors and the market view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.selectors import customer_get, customers_visible_to
from kamdesk.prospects.models import CompetitorOffer, Outcome, Source, Stage
from kamdesk.prospects.selectors import (
    competitor_get,
    competitors_visible_to,
    customers_lost_to,
    market_view,
    onboarding_risk,
    presences_of,
    prospect_get,
    prospects_visible_to,
)
from kamdesk.prospects.services import (
    offer_record,
    presence_record,
    prospect_create,
    prospect_update,
)
from kamdesk.usage.models import Operator
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can

KIND = "prospect"
FIELDS = (
    "name",
    "region",
    "industry",
    "source",
    "employees",
    "subscribers_estimate",
    "current_operator",
    "estimated_value",
    "credit_tier",
    "stage",
    "next_step",
    "next_step_on",
    "notes",
)


def _need(request: StaffRequest, action: str = "view") -> None:
    if not can(request.user, "view", KIND):
        raise Http404("Not found")
    if action != "view" and not can(request.user, action, KIND):
        raise PermissionDenied


def _choices() -> dict[str, object]:
    return {"stages": Stage.choices, "sources": Source.choices, "operators": Operator.choices}


@require_GET
def prospect_list(request: StaffRequest) -> HttpResponse:
    _need(request)
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    return render(
        request,
        "prospects/list.html",
        {
            "prospects": prospects_visible_to(user=request.user, stage=stage)[:300],
            "stage": stage,
            "can_change": can(request.user, "change", KIND),
            **_choices(),
        },
    )


@require_http_methods(["GET", "POST"])
def prospect_edit(request: StaffRequest, prospect_id: int | None = None) -> HttpResponse:
    _need(request, "change")
    prospect = prospect_get(user=request.user, prospect_id=prospect_id) if prospect_id else None
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in FIELDS if name in request.POST}
        try:
            if prospect is None:
                prospect = prospect_create(actor=request.user, data=data)
            else:
                prospect = prospect_update(actor=request.user, prospect=prospect, data=data)
            return redirect("prospects:detail", prospect.pk)
        except ValidationFailed as exc:
            errors = exc.errors
    return render(
        request,
        "prospects/edit.html",
        {
            "prospect": prospect,
            "errors": errors,
            "post": request.POST if request.method == "POST" else None,
            **_choices(),
        },
    )


@require_GET
def prospect_detail(request: StaffRequest, prospect_id: int) -> HttpResponse:
    _need(request)
    prospect = prospect_get(user=request.user, prospect_id=prospect_id)
    return render(
        request,
        "prospects/detail.html",
        {
            "prospect": prospect,
            "risk": onboarding_risk(prospect),
            "presences": prospect.presences.select_related("competitor"),
        },
    )


@require_GET
def competitor_list(request: StaffRequest) -> HttpResponse:
    _need(request)
    return render(
        request,
        "prospects/competitors.html",
        {"competitors": competitors_visible_to(user=request.user)},
    )


@require_GET
def competitor_detail(request: StaffRequest, competitor_id: int) -> HttpResponse:
    _need(request)
    competitor = competitor_get(user=request.user, competitor_id=competitor_id)
    visible = customers_visible_to(user=request.user)
    offers = CompetitorOffer.objects.filter(competitor=competitor).select_related("seen_at")
    return render(
        request,
        "prospects/competitor.html",
        {
            "competitor": competitor,
            "offers": offers,
            "visible_ids": set(visible.values_list("pk", flat=True)),
            "presences": presences_of(user=request.user, competitor=competitor),
            "lost": customers_lost_to(user=request.user, competitor=competitor),
            "customers": visible.order_by("name")[:300],
            "outcomes": Outcome.choices,
            "can_change": can(request.user, "change", KIND),
        },
    )


def _errors(request: StaffRequest, exc: ValidationFailed) -> None:
    for errors in exc.errors.values():
        for message in errors:
            messages.error(request, message)


@require_POST
def offer_add(request: StaffRequest, competitor_id: int) -> HttpResponse:
    _need(request, "change")
    competitor = competitor_get(user=request.user, competitor_id=competitor_id)
    seen_at = None
    if request.POST.get("customer"):
        seen_at = customer_get(user=request.user, customer_id=int(request.POST["customer"] or 0))
    try:
        offer_record(
            actor=request.user,
            competitor=competitor,
            title=request.POST.get("title", ""),
            monthly_price=request.POST.get("monthly_price", ""),
            details=request.POST.get("details", ""),
            seen_on=request.POST.get("seen_on") or None,
            seen_at=seen_at,
        )
    except ValidationFailed as exc:
        _errors(request, exc)
    return redirect("prospects:competitor", competitor.pk)


@require_POST
def presence_add(request: StaffRequest, competitor_id: int) -> HttpResponse:
    _need(request, "change")
    competitor = competitor_get(user=request.user, competitor_id=competitor_id)
    try:
        customer = customer_get(
            user=request.user, customer_id=int(request.POST.get("customer") or 0)
        )
    except ValueError as exc:
        raise Http404("No such customer") from exc
    try:
        presence_record(
            actor=request.user,
            competitor=competitor,
            customer=customer,
            subscribers=request.POST.get("subscribers", "0"),
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationFailed as exc:
        _errors(request, exc)
    return redirect("prospects:competitor", competitor.pk)


@require_GET
def market(request: StaffRequest) -> HttpResponse:
    _need(request)
    return render(
        request,
        "prospects/market.html",
        {"regions": market_view(user=request.user), "operators": dict(Operator.choices)},
    )
