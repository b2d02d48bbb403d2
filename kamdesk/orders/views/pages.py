"""Order pages: the list, a new order (from the 360 page or an on-site service day), one
order with its items and actions, the order form PDF and the 360-page panel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.selectors import accounts_of, customer_get, kind_require, subscribers_of
from kamdesk.orders.forms import (
    ApproveForm,
    CancelForm,
    CodeForm,
    DiscountForm,
    FromVisitForm,
    GreenForm,
    ImeiForm,
    ItemForm,
    OrderForm,
    SignForm,
)
from kamdesk.orders.models import Order, OrderStatus
from kamdesk.orders.selectors import (
    OrderFilters,
    customer_orders,
    events_of,
    items_of,
    order_get,
    order_search,
    orders_awaiting,
)
from kamdesk.orders.services.orders import approval_needed, order_create, policy_get, totals_of
from kamdesk.orders.services.signing import signature_current
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Department, Role
from kamdesk.users.permissions import can


def require(request: StaffRequest, action: str) -> None:
    if not can(request.user, action, "order"):
        raise PermissionDenied


@require_GET
def order_list(request: StaffRequest) -> HttpResponse:
    require(request, "list")
    status = request.GET.get("status", "")
    filters = OrderFilters(
        status=status if status in OrderStatus.values else "",
        q=request.GET.get("q", "").strip()[:100],
    )
    page = Paginator(order_search(user=request.user, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "orders/list.html",
        {
            "page": page,
            "status": status,
            "statuses": OrderStatus.choices,
            "awaiting": orders_awaiting(user=request.user),
        },
    )


def _onsite_items(order: Order) -> Any:
    from kamdesk.visits.models import OnSiteItem

    if order.source_visit_id is None:
        return OnSiteItem.objects.none()
    return OnSiteItem.objects.filter(visit_id=order.source_visit_id)


def detail_context(request: StaffRequest, order: Order, **forms: Any) -> dict[str, Any]:
    user = request.user
    subscribers = subscribers_of(user=user, customer=order.customer, current_only=True)
    team = order.owner.team
    may_approve = (
        user.role == Role.SUPERVISOR and team is not None and (team.supervisor_id == user.pk)
    )
    return {
        "order": order,
        "items": items_of(order=order),
        "events": events_of(order=order),
        "totals": totals_of(order),
        "limit": policy_get().discount_limit,
        "needs_supervisor": approval_needed(order),
        "signature_ok": signature_current(order),
        "can_change": can(user, "change", "order"),
        "may_approve": may_approve and order.status == OrderStatus.AWAITING_APPROVAL,
        "item_form": forms.get("item_form")
        or ItemForm(subscribers=subscribers, onsite_items=_onsite_items(order)),
        "discount_form": forms.get("discount_form")
        or DiscountForm(initial={"discount": order.discount, "reason": order.discount_reason}),
        "sign_form": forms.get("sign_form") or SignForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "code_form": forms.get("code_form") or CodeForm(),
        "imei_form": forms.get("imei_form") or ImeiForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "green_form": forms.get("green_form")
        or GreenForm(departments=Department.objects.order_by("name")),
        "action_errors": forms.get("action_errors"),
        "onboarding": _onboarding_risk(order),
    }


def _onboarding_risk(order: Order) -> Any:
    """Risk's onboarding assessment of a new customer, shown before approval (where the
    risk capability is installed)."""
    from django.apps import apps

    if not apps.is_installed("kamdesk.risk"):
        return None
    from kamdesk.risk.facade import onboarding_risk

    return onboarding_risk(customer=order.customer)


@require_GET
def order_detail(request: StaffRequest, order_id: int) -> HttpResponse:
    order = order_get(user=request.user, order_id=order_id)
    return render(request, "orders/detail.html", detail_context(request, order))


@require_http_methods(["GET", "POST"])
def order_new(request: StaffRequest) -> HttpResponse:
    require(request, "change")
    try:
        customer_id = int(request.GET.get("customer", ""))
    except ValueError as exc:
        raise Http404("No customer") from exc
    customer = customer_get(user=request.user, customer_id=customer_id, kind="order")
    form = OrderForm(
        request.POST or None, accounts=accounts_of(user=request.user, customer=customer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = order_create(
                actor=request.user,
                customer=customer,
                account=form.cleaned_data["account"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Order %(number)s opened.") % {"number": order.number})
            return redirect("orders:detail", order_id=order.pk)
    return render(
        request,
        "orders/new.html",
        {"form": form, "customer": customer},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def order_from_visit(request: StaffRequest, visit_id: int) -> HttpResponse:
    """From an on-site service day: the open items collected there are handed to a new
    draft order of the visit's customer."""
    from kamdesk.orders.services.visits import order_from_onsite_items, visit_for_order

    require(request, "change")
    visit, open_items = visit_for_order(user=request.user, visit_id=visit_id)
    form = FromVisitForm(
        request.POST or None, onsite_items=open_items, initial={"items": list(open_items)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = order_from_onsite_items(
                actor=request.user,
                visit=visit,
                items=list(form.cleaned_data["items"]),
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("Order %(number)s opened.") % {"number": order.number})
            return redirect("orders:detail", order_id=order.pk)
    return render(
        request,
        "orders/from_visit.html",
        {"form": form, "visit": visit, "open_items": open_items},
        status=422 if request.method == "POST" else 200,
    )


@require_GET
def order_form_pdf_view(request: StaffRequest, order_id: int) -> HttpResponse:
    from kamdesk.audit.watermark import export_mark
    from kamdesk.orders.pdf import order_form_pdf

    order = order_get(user=request.user, order_id=order_id)
    pdf = order_form_pdf(order, mark=export_mark(request.user))
    audit_record(
        actor=request.user,
        action="order.form.exported",
        target=order,
        customer_id=order.customer_id,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    return response


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    kind_require(user=request.user, action="view", kind="order")
    if not can(request.user, "list", "order"):
        return HttpResponse("")
    return render(
        request,
        "orders/_customer_panel.html",
        {
            "customer": customer,
            "orders": customer_orders(user=request.user, customer=customer)[:10],
            "can_create": can(request.user, "change", "order"),
        },
    )


@require_GET
def pool_numbers_view(request: StaffRequest, order_id: int) -> HttpResponse:
    """The numbers BOSS's pool offers for a new line of this draft order (an htmx
    fragment: a datalist for the number field and a line saying what was found)."""
    from kamdesk.orders.services.numbers import pool_numbers

    order = order_get(user=request.user, order_id=order_id)
    require(request, "change")
    pattern = request.GET.get("pattern", "")[:20]
    context: dict[str, Any] = {"numbers": [], "error": "", "pattern": pattern}
    try:
        if not order.is_editable:
            raise ValidationFailed({"pattern": [_("Only a draft order can be changed.")]})
        context["numbers"] = pool_numbers(pattern=pattern)
    except ValidationFailed as exc:
        context["error"] = " ".join(m for msgs in exc.errors.values() for m in msgs)
    return render(request, "orders/_pool_numbers.html", context)
