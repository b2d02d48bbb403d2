"""The actions on an order page: each fetches the order in scope, validates one form,
calls one service and goes back to the page (or shows the messages there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.forms import KamForm
from kamdesk.customers.selectors import subscribers_of
from kamdesk.orders.forms import (
    ApproveForm,
    CancelForm,
    CodeForm,
    DiscountForm,
    GreenForm,
    ImeiForm,
    ItemForm,
    SignForm,
)
from kamdesk.orders.models import Order, OrderItem
from kamdesk.orders.selectors import order_get
from kamdesk.orders.services.boss import order_submit
from kamdesk.orders.services.confirm import item_code_confirm, item_code_send
from kamdesk.orders.services.green import order_green_channel
from kamdesk.orders.services.items import ItemInput, handset_hand_over, item_remove, items_add
from kamdesk.orders.services.orders import (
    order_approve,
    order_cancel,
    order_request_approval,
    order_set_discount,
)
from kamdesk.orders.services.realname import item_verify_realname
from kamdesk.orders.services.signing import order_sign
from kamdesk.orders.views.pages import _onsite_items, detail_context, require
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Department


class _NoForm(KamForm):
    """Actions that take no input (submit, verify, send a code)."""


def _act(
    request: StaffRequest,
    order_id: int,
    form: KamForm,
    form_name: str,
    run: Callable[[Order, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    order = order_get(user=request.user, order_id=order_id)
    require(request, "change")
    if form.is_valid():
        try:
            run(order, form.cleaned_data)
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, done)
            return redirect("orders:detail", order_id=order.pk)
    order.refresh_from_db()
    context = detail_context(request, order, **{form_name: form})
    if isinstance(form, _NoForm):
        context["action_errors"] = form.errors
    return render(request, "orders/detail.html", context, status=422)


def _item(order: Order, item_id: int) -> OrderItem:
    item = order.items.filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item")
    return item


@require_POST
def item_add_view(request: StaffRequest, order_id: int) -> HttpResponse:
    order = order_get(user=request.user, order_id=order_id)
    form = ItemForm(
        request.POST,
        subscribers=subscribers_of(user=request.user, customer=order.customer, current_only=True),
        onsite_items=_onsite_items(order),
    )

    def run(o: Order, d: dict[str, Any]) -> object:
        fields: dict[str, Any] = {k: (v if v is not None else "") for k, v in d.items()}
        fields["unit_price"] = d.get("unit_price")
        fields["quantity"] = d.get("quantity") or 1
        for name in ("subscriber", "plan", "addon", "onsite_item"):
            fields[name] = d.get(name)
        return items_add(order=o, actor=request.user, items=[ItemInput(**fields)])

    return _act(request, order_id, form, "item_form", run, _("Item added."))


@require_POST
def item_remove_view(request: StaffRequest, order_id: int, item_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        _NoForm(request.POST),
        "no_form",
        lambda o, d: item_remove(item=_item(o, item_id), actor=request.user),
        _("Item removed."),
    )


@require_POST
def item_verify_view(request: StaffRequest, order_id: int, item_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        _NoForm(request.POST),
        "no_form",
        lambda o, d: item_verify_realname(item=_item(o, item_id), actor=request.user),
        _("Real name verified on the platform."),
    )


@require_POST
def item_code_send_view(request: StaffRequest, order_id: int, item_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        _NoForm(request.POST),
        "no_form",
        lambda o, d: item_code_send(item=_item(o, item_id), actor=request.user),
        _("Code sent by SMS to the subscriber."),
    )


@require_POST
def item_code_confirm_view(request: StaffRequest, order_id: int, item_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        CodeForm(request.POST),
        "code_form",
        lambda o, d: item_code_confirm(item=_item(o, item_id), actor=request.user, code=d["code"]),
        _("Confirmed by the subscriber."),
    )


@require_POST
def item_hand_over_view(request: StaffRequest, order_id: int, item_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        ImeiForm(request.POST),
        "imei_form",
        lambda o, d: handset_hand_over(item=_item(o, item_id), actor=request.user, imei=d["imei"]),
        _("Handset handed over."),
    )


@require_POST
def discount_view(request: StaffRequest, order_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        DiscountForm(request.POST),
        "discount_form",
        lambda o, d: order_set_discount(
            order=o, actor=request.user, discount=d["discount"], reason=d["reason"]
        ),
        _("Discount saved."),
    )


@require_POST
def sign_view(request: StaffRequest, order_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        SignForm(request.POST),
        "sign_form",
        lambda o, d: order_sign(
            order=o, actor=request.user, signed_by=d["signed_by"], data_url=d["signature"]
        ),
        _("The customer's signature is recorded."),
    )


@require_POST
def request_approval_view(request: StaffRequest, order_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        _NoForm(request.POST),
        "no_form",
        lambda o, d: order_request_approval(order=o, actor=request.user),
        _("Order sent for approval."),
    )


@require_POST
def approve_view(request: StaffRequest, order_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        ApproveForm(request.POST),
        "approve_form",
        lambda o, d: order_approve(
            order=o, actor=request.user, approve=d["decision"] == "approve", note=d["note"]
        ),
        _("Decision recorded."),
    )


@require_POST
def submit_view(request: StaffRequest, order_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        _NoForm(request.POST),
        "no_form",
        lambda o, d: order_submit(order=o, actor=request.user),
        _("Order submitted to BOSS."),
    )


@require_POST
def cancel_view(request: StaffRequest, order_id: int) -> HttpResponse:
    return _act(
        request,
        order_id,
        CancelForm(request.POST),
        "cancel_form",
        lambda o, d: order_cancel(order=o, actor=request.user, reason=d["reason"]),
        _("Order cancelled."),
    )


@require_POST
def green_view(request: StaffRequest, order_id: int) -> HttpResponse:
    form = GreenForm(request.POST, departments=Department.objects.all())
    return _act(
        request,
        order_id,
        form,
        "green_form",
        lambda o, d: order_green_channel(
            order=o, actor=request.user, department=d["department"], instructions=d["instructions"]
        ),
        _("Step handed to the department through the green channel."),
    )
