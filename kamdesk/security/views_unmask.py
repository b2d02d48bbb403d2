"""Pages of controlled unmasking: request, enter the customer's code, the approver's
queue, one's grants, revoke; and the identity panel of the customer 360 page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.audit.context import client_address
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.selectors import customer_get
from kamdesk.security.forms_unmask import UnmaskCodeForm, UnmaskDecisionForm, UnmaskRequestForm
from kamdesk.security.models import UnmaskGrant, UnmaskKind, UnmaskMethod
from kamdesk.security.unmask import eligible, methods_for, unmask_open
from kamdesk.security.unmask_policy import KINDS, display_state
from kamdesk.security.unmask_selectors import (
    approval_queue,
    grant_get,
    grants_of,
    may_approve,
    recipients_of,
)
from kamdesk.security.unmask_services import (
    may_revoke,
    unmask_confirm_code,
    unmask_decide,
    unmask_request,
    unmask_require_eligible,
    unmask_revoke,
)
from kamdesk.users.http import StaffRequest


def _show_errors(form: Any, exc: ValidationFailed) -> None:
    for field, problems in exc.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@require_http_methods(["GET", "POST"])
def request_unmask(request: StaffRequest, customer_id: int, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("Not found")
    customer = customer_get(user=request.user, customer_id=customer_id, kind=kind)
    unmask_require_eligible(user=request.user, customer=customer, kind=kind)
    recipients = recipients_of(customer=customer)
    form = UnmaskRequestForm(request.POST or None, methods=methods_for(kind), recipients=recipients)
    if request.method == "POST" and form.is_valid():
        try:
            grant = unmask_request(
                user=request.user, customer=customer, kind=kind, **form.cleaned_data
            )
        except ValidationFailed as exc:
            _show_errors(form, exc)
        else:
            if grant.method == UnmaskMethod.SMS:
                messages.info(
                    request, _("The code went to %(to)s.") % {"to": grant.recipient_masked}
                )
                return redirect("unmask_confirm", grant_id=grant.pk)
            messages.success(request, _("Your request is waiting for approval."))
            return redirect("unmask_grants")
    context = {
        "customer": customer,
        "kind": kind,
        "kind_label": UnmaskKind(kind).label,
        "form": form,
        "has_recipients": bool(recipients),
    }
    return render(request, "security/unmask_request.html", context)


def _own(request: StaffRequest, grant_id: int) -> UnmaskGrant:
    grant = grant_get(grant_id=grant_id)
    if grant.user_id != request.user.pk:
        raise Http404("Not found")
    return grant


@require_http_methods(["GET", "POST"])
def confirm_code(request: StaffRequest, grant_id: int) -> HttpResponse:
    grant = _own(request, grant_id)
    if grant.method != UnmaskMethod.SMS:
        raise Http404("Not found")
    form = UnmaskCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unmask_confirm_code(grant=grant, user=request.user, code=form.cleaned_data["code"])
        except ValidationFailed as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Granted until %(time)s.") % {"time": _hhmm(grant)})
            return redirect("customers:detail", customer_id=grant.customer_id)
    return render(request, "security/unmask_confirm.html", {"grant": grant, "form": form})


def _hhmm(grant: UnmaskGrant) -> str:
    return timezone.localtime(grant.expires_at).strftime("%H:%M") if grant.expires_at else ""


def _rows(grants: Any) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "grant": g,
            "state": display_state(
                state=g.state,
                expires_at=g.expires_at,
                revoked_at=g.revoked_at,
                request_expires_at=g.request_expires_at,
                now=now,
            ),
        }
        for g in grants
    ]


@require_GET
def my_grants(request: StaffRequest) -> HttpResponse:
    rows = _rows(grants_of(user=request.user)[:200])
    context = {"rows": rows, "is_approver": may_approve(user=request.user)}
    return render(request, "security/unmask_grants.html", context)


@require_GET
def queue(request: StaffRequest) -> HttpResponse:
    if not may_approve(user=request.user):
        raise Http404("Not found")
    pending = approval_queue(approver=request.user)
    return render(request, "security/unmask_queue.html", {"pending": pending})


@require_POST
def decide(request: StaffRequest, grant_id: int) -> HttpResponse:
    grant = grant_get(grant_id=grant_id)
    form = UnmaskDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for your decision."))
        return redirect("unmask_queue")
    try:
        unmask_decide(
            grant=grant,
            approver=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as exc:
        raise Http404("Not found") from exc
    except ValidationFailed as exc:
        messages.error(request, "; ".join(p for ps in exc.errors.values() for p in ps))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("unmask_queue")


@require_POST
def revoke(request: StaffRequest, grant_id: int) -> HttpResponse:
    grant = grant_get(grant_id=grant_id)
    if not may_revoke(grant=grant, actor=request.user):
        raise Http404("Not found")
    unmask_revoke(grant=grant, actor=request.user)
    messages.success(request, _("Unmasking ended."))
    return redirect("unmask_grants")


@require_GET
def identity_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    """The 360 page's identity document: masked, or unmasked (audited) under a grant."""
    customer = customer_get(user=request.user, customer_id=customer_id, kind="identity")
    if not customer.id_number:
        return HttpResponse("")
    reveal = unmask_open(
        user=request.user,
        customer=customer,
        kind="identity",
        how="view",
        target=customer,
        ip=client_address(request),
    )
    context = {
        "customer": customer,
        "shown": reveal.id_number(customer.id_number),
        "reveal": reveal,
        "can_ask": eligible(request.user, "identity"),
    }
    return render(request, "security/_identity_panel.html", context)
