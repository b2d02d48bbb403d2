"""Pages of risk early warning: the risk board (risk × value), alerts and their
closing, the customer's risk page and 360 panel, programmes, the win-back list and the
model versions. Each view fetches through a scoped selector, calls one service and
renders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Subscriber
from kamdesk.customers.selectors import kind_require
from kamdesk.risk import selectors
from kamdesk.risk.explain import reason_text, trigger_label
from kamdesk.risk.models import ActionKind, ChangeKind, ChurnModelVersion, Competitor, Outcome
from kamdesk.risk.services.alerts import alert_close, alert_dismiss
from kamdesk.risk.services.modelling import model_activate
from kamdesk.risk.services.programme import (
    business_change_record,
    offer_decide,
    offer_make,
    optout_record,
    programme_create,
    programme_measure,
    programme_spent,
)
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


def _need(request: StaffRequest, action: str) -> None:
    if not can(request.user, action, "risk"):
        raise PermissionDenied


def _errors(exc: ValidationFailed) -> list[str]:
    return [m for msgs in exc.errors.values() for m in msgs]


@require_GET
def board(request: StaffRequest) -> HttpResponse:
    _need(request, "list")
    month = selectors.latest_month()
    return render(
        request,
        "risk/board.html",
        {
            "month": month,
            "grid": selectors.risk_board(user=request.user, month=month),
            "open_alerts": selectors.alerts_visible_to(user=request.user, status="open")[:50],
            "team": selectors.board_by_manager(user=request.user, now=timezone.now())
            if request.user.role == "supervisor"
            else [],
            "now": timezone.now(),
        },
    )


@require_GET
def alerts(request: StaffRequest) -> HttpResponse:
    _need(request, "list")
    status = request.GET.get("status", "open")
    status = status if status in ("open", "closed", "dismissed") else "open"
    return render(
        request,
        "risk/alerts.html",
        {
            "alerts": selectors.alerts_visible_to(user=request.user, status=status)[:200],
            "status": status,
            "now": timezone.now(),
        },
    )


def _alert_context(request: StaffRequest, alert_id: int, **extra: Any) -> dict[str, Any]:
    from kamdesk.risk.visits_link import visit_states

    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    state = visit_states([alert.visit_id]).get(alert.visit_id) if alert.visit_id else None
    return {
        "alert": alert,
        "trigger": trigger_label(alert.trigger),
        "visit": state,
        "outcomes": Outcome.choices,
        "competitors": Competitor.choices,
        "can_change": can(request.user, "change", "risk"),
        "now": timezone.now(),
        **extra,
    }


@require_GET
def alert_detail(request: StaffRequest, alert_id: int) -> HttpResponse:
    _need(request, "view")
    return render(request, "risk/alert.html", _alert_context(request, alert_id))


@require_POST
def alert_close_view(request: StaffRequest, alert_id: int) -> HttpResponse:
    _need(request, "change")
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    try:
        alert_close(
            alert=alert,
            actor=request.user,
            outcome=request.POST.get("outcome", ""),
            competitor=request.POST.get("competitor", ""),
            leaving_reason=request.POST.get("leaving_reason", ""),
        )
    except ValidationFailed as exc:
        return render(
            request,
            "risk/alert.html",
            _alert_context(request, alert_id, errors=_errors(exc)),
            status=422,
        )
    messages.success(request, _("The alert is closed."))
    return redirect("risk:alert", alert.pk)


@require_POST
def alert_dismiss_view(request: StaffRequest, alert_id: int) -> HttpResponse:
    _need(request, "change")
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    try:
        alert_dismiss(alert=alert, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationFailed as exc:
        return render(
            request,
            "risk/alert.html",
            _alert_context(request, alert_id, errors=_errors(exc)),
            status=422,
        )
    messages.success(request, _("The alert is dismissed."))
    return redirect("risk:alert", alert.pk)


@require_GET
def winback(request: StaffRequest) -> HttpResponse:
    _need(request, "list")
    return render(
        request, "risk/winback.html", {"alerts": selectors.winback_list(user=request.user)[:200]}
    )


def _customer_context(request: StaffRequest, customer_id: int, **extra: Any) -> dict[str, Any]:
    data = selectors.customer_risk(user=request.user, customer_id=customer_id)
    reasons = [reason_text(r) for r in data.score.reasons] if data.score else []
    return {
        "risk": data,
        "customer": data.customer,
        "reasons": reasons,
        "can_change": can(request.user, "change", "risk"),
        "action_kinds": ActionKind.choices,
        "change_kinds": ChangeKind.choices,
        "subscribers": data.customer.subscribers.all()[:200],
        **extra,
    }


@require_GET
def customer_page(request: StaffRequest, customer_id: int) -> HttpResponse:
    return render(request, "risk/customer.html", _customer_context(request, customer_id))


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    kind_require(user=request.user, action="view", kind="risk")
    return render(request, "risk/_customer_panel.html", _customer_context(request, customer_id))


def _customer_post(request: StaffRequest, customer_id: int, action: Any) -> HttpResponse:
    _need(request, "change")
    context = _customer_context(request, customer_id)
    try:
        action(context["customer"])
    except ValidationFailed as exc:
        context["errors"] = _errors(exc)
        return render(request, "risk/customer.html", context, status=422)
    messages.success(request, _("Saved."))
    return redirect("risk:customer", customer_id)


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text or "0").quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValidationFailed({"amount": [_("Enter an amount in yuan, e.g. 120.00.")]}) from exc


@require_POST
def offer_view(request: StaffRequest, customer_id: int) -> HttpResponse:
    def act(customer: Any) -> None:
        sub_id = request.POST.get("subscriber") or None
        subscriber = (
            Subscriber.objects.filter(customer=customer, pk=sub_id).first() if sub_id else None
        )
        offer_make(
            actor=request.user,
            customer=customer,
            kind=request.POST.get("kind", ""),
            description=request.POST.get("description", ""),
            amount=_amount(request.POST.get("amount", "")),
            subscriber=subscriber,
        )

    return _customer_post(request, customer_id, act)


@require_POST
def offer_answer_view(request: StaffRequest, offer_id: int) -> HttpResponse:
    """The customer accepted or declined an offer."""
    _need(request, "change")
    offer = selectors.offer_get(user=request.user, offer_id=offer_id)
    answer = request.POST.get("answer", "")
    try:
        if answer not in ("accepted", "declined"):
            raise ValidationFailed(
                {"answer": [_("Say whether the customer accepted or declined.")]}
            )
        offer_decide(actor=request.user, offer=offer, accepted=answer == "accepted")
    except ValidationFailed as exc:
        context = _customer_context(request, offer.customer_id, errors=_errors(exc))
        return render(request, "risk/customer.html", context, status=422)
    messages.success(request, _("Saved."))
    return redirect("risk:customer", offer.customer_id)


@require_GET
def offer_why(request: StaffRequest, offer_id: int) -> HttpResponse:
    """Why the customer was offered this: the reasons behind it, worded for the customer
    (PIPL Art. 24 lets them ask, and decline personalised offers)."""
    offer = selectors.offer_get(user=request.user, offer_id=offer_id)
    return render(
        request,
        "risk/offer_why.html",
        {"offer": offer, "reasons": [reason_text(r) for r in offer.reasons]},
    )


@require_POST
def optout_view(request: StaffRequest, customer_id: int) -> HttpResponse:
    return _customer_post(
        request,
        customer_id,
        lambda c: optout_record(actor=request.user, customer=c, note=request.POST.get("note", "")),
    )


@require_POST
def change_view(request: StaffRequest, customer_id: int) -> HttpResponse:
    def act(customer: Any) -> None:
        try:
            day = dt.date.fromisoformat(request.POST.get("occurred_on", ""))
        except ValueError as exc:
            raise ValidationFailed({"occurred_on": [_("Enter a date as YYYY-MM-DD.")]}) from exc
        business_change_record(
            actor=request.user,
            customer=customer,
            kind=request.POST.get("kind", ""),
            occurred_on=day,
            note=request.POST.get("note", ""),
        )

    return _customer_post(request, customer_id, act)


@require_http_methods(["GET", "POST"])
def programmes(request: StaffRequest) -> HttpResponse:
    _need(request, "list")
    errors: list[str] = []
    if request.method == "POST":
        _need(request, "change")
        try:
            programme = programme_create(
                actor=request.user,
                name=request.POST.get("name", ""),
                month=selectors.latest_month() or timezone.localdate().replace(day=1),
                min_probability=float(request.POST.get("min_probability") or 0.5),
                control_share=float(request.POST.get("control_share") or 0.2),
                budget=_amount(request.POST.get("budget", "")),
            )
            return redirect("risk:programme", programme.pk)
        except ValueError:
            errors = [_("Enter numbers between 0 and 1 for the shares.")]
        except ValidationFailed as exc:
            errors = _errors(exc)
    return render(
        request,
        "risk/programmes.html",
        {
            "programmes": selectors.programmes_visible_to(user=request.user),
            "errors": errors,
            "can_change": can(request.user, "change", "risk"),
            "month": selectors.latest_month(),
        },
        status=422 if errors else 200,
    )


@require_GET
def programme_detail(request: StaffRequest, programme_id: int) -> HttpResponse:
    _need(request, "view")
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    rates = programme_measure(programme=programme)
    members = list(selectors.members_visible_to(user=request.user, programme=programme)[:500])
    for m in members:
        m.reason_texts = [reason_text(r) for r in m.reasons]  # type: ignore[attr-defined]
    spent = programme_spent(programme=programme)
    return render(
        request,
        "risk/programme.html",
        {
            "programme": programme,
            "rates": rates,
            "members": members,
            "spent": spent,
            "left": programme.budget - spent,
        },
    )


@require_GET
def models_page(request: StaffRequest) -> HttpResponse:
    _need(request, "view")
    return render(
        request,
        "risk/models.html",
        {
            "versions": selectors.models_list()[:50],
            "can_activate": request.user.role == "supervisor",
        },
    )


@require_POST
def model_activate_view(request: StaffRequest, version_id: int) -> HttpResponse:
    _need(request, "change")
    if request.user.role != "supervisor":
        raise PermissionDenied
    version = ChurnModelVersion.objects.defer("blob").filter(pk=version_id).first()
    if version is None:
        from django.http import Http404

        raise Http404("No such model")
    model_activate(version=version, actor=request.user)
    messages.success(request, _("Model v%(version)s is active.") % {"version": version.version})
    return redirect("risk:models")
