"""/api/v1/orders: create (with items), list, read, approve and submit orders; and the
callback on which BOSS reports on an order it received (authenticated with BOSS's own
token in the X-KAM-System-Token header, not a user's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, HeaderEx, P, PathEx, Query, Router, Schema, Status
from ninja.errors import HttpError

from kamdesk.core.crypto import token_hash
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Subscriber, TariffAddon, TariffPlan
from kamdesk.customers.schemas import (
    MAX_ID,
    ApiRequest,
    Money,
    PageParams,
    Str20,
    Str32,
    Str64,
    Str100,
    Str200,
    Str300,
    Str4000,
    answers,
    money,
    paginate,
)
from kamdesk.customers.selectors import customer_get, list_require
from kamdesk.orders.models import InterfaceKind, Order, OrderItem
from kamdesk.orders.selectors import OrderFilters, items_of, order_get, order_search
from kamdesk.orders.services.boss import BossAnswer, ItemAnswer, boss_callback, order_submit
from kamdesk.orders.services.interface import interface_of
from kamdesk.orders.services.items import ItemInput, items_add
from kamdesk.orders.services.orders import (
    order_approve,
    order_create,
    order_request_approval,
    order_set_discount,
    totals_of,
)
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can

router = Router(tags=["orders"])
Id = PathEx[int, P(ge=1, le=MAX_ID)]
SYSTEM_TOKEN_HEADER = "X-KAM-System-Token"  # noqa: S105 - a header name
KindIn = Literal["new_line", "plan_change", "sim_replacement", "handset", "vas", "bill_payment"]
StatusIn = Literal[
    "",
    "draft",
    "awaiting_approval",
    "approved",
    "submitting",
    "submitted",
    "confirmed",
    "rejected",
    "failed",
    "cancelled",
]


class ItemIn(Schema):
    kind: KindIn
    description: Str200 = ""
    unit_price: Money | None = None
    quantity: int = Field(1, ge=1, le=999)
    number: Str20 = Field("", description="The new number (new line).")
    number_source: Literal["", "pool", "port_in"] = ""
    subscriber_number: Str20 = Field("", description="A current line of the customer.")
    plan_code: Str32 = ""
    addon_code: Str32 = ""
    ownership: Literal["", "personal", "company"] = ""
    holder_name: Str100 = ""
    holder_id_type: Str20 = ""
    holder_id_number: Str32 = ""
    company_name: Str200 = ""
    handler_name: Str100 = ""
    handler_id_type: Str20 = ""
    handler_id_number: Str32 = ""
    user_name: Str100 = ""
    handset_model: Str100 = ""
    imei: Str20 = ""
    sim_serial: Str32 = ""
    bill_months: Str100 = ""


class OrderIn(Schema):
    customer_id: int = Field(ge=1, le=MAX_ID)
    note: Str4000 = ""
    discount: Money = "0.00"
    discount_reason: Str200 = ""
    items: list[ItemIn] = Field(min_length=1, max_length=50)


class ItemOut(Schema):
    id: int
    kind: str
    status: str
    description: str
    number: str = Field(description="Masked.")
    unit_price: Money
    quantity: int
    amount: Money
    holder_name: str
    holder_id: str = Field(description="Masked.")
    realname_verified: bool
    sms_confirmed: bool
    holder_verified: bool
    imei: str
    boss_receipt: str

    @classmethod
    def of(cls, i: OrderItem) -> ItemOut:
        from kamdesk.core.masking import mask_number

        number = i.number or (i.subscriber.number if i.subscriber else "")
        return cls(
            id=i.pk,
            kind=i.kind,
            status=i.status,
            description=i.description,
            number=mask_number(number) if number else "",
            unit_price=money(i.unit_price),
            quantity=i.quantity,
            amount=money(i.amount),
            holder_name=i.holder_name,
            holder_id=i.holder_id_masked,
            realname_verified=i.realname_verified_at is not None,
            sms_confirmed=i.sms_confirmed_at is not None,
            holder_verified=i.holder_verified_at is not None,
            imei=i.imei,
            boss_receipt=i.boss_receipt,
        )


class OrderOut(Schema):
    id: int
    number: str
    customer_id: int
    customer_name: str
    owner: str
    status: str
    subtotal: Money
    discount: Money
    total: Money
    approved_by: str | None
    signed: bool
    boss_ref: str
    boss_reason: str
    created_at: dt.datetime

    @classmethod
    def of(cls, o: Order) -> OrderOut:
        t = totals_of(o)
        return cls(
            id=o.pk,
            number=o.number,
            customer_id=o.customer_id,
            customer_name=o.customer.name,
            owner=o.owner.username,
            status=o.status,
            subtotal=money(t.subtotal),
            discount=money(t.discount),
            total=money(t.total),
            approved_by=o.approved_by.username if o.approved_by else None,
            signed=o.signed_at is not None,
            boss_ref=o.boss_ref,
            boss_reason=o.boss_reason,
            created_at=o.created_at.astimezone(dt.UTC),
        )


class OrderDetailOut(OrderOut):
    items: list[ItemOut]


class OrderPage(Schema):
    items: list[OrderOut]
    count: int


class OrderQuery(PageParams):
    status: StatusIn = ""
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)


class ApproveIn(Schema):
    decision: Literal["request", "approve", "send_back"] = Field(
        description="request: the owner finishes the draft (approved at once when the "
        "discount is within the limit); approve / send_back: the supervisor decides."
    )
    note: Str300 = ""


class CallbackItemIn(Schema):
    item_id: int = Field(ge=1, le=MAX_ID)
    status: Literal["confirmed", "rejected"]
    subscriber_id: Str32 = ""
    receipt: Str64 = ""
    reason: Str300 = ""


class CallbackIn(Schema):
    order_number: Str32 = Field(min_length=1)
    boss_ref: Str64 = ""
    status: Literal["accepted", "confirmed", "rejected"]
    reason: Str4000 = ""
    items: list[CallbackItemIn] = Field(default_factory=list, max_length=200)


class CallbackOut(Schema):
    order_number: str
    status: str
    boss_ref: str


def _require_change(user: User) -> None:
    if not can(user, "change", "order"):
        raise HttpError(403, _("You may not change orders."))


def _detail(order: Order) -> OrderDetailOut:
    return OrderDetailOut(
        **OrderOut.of(order).dict(), items=[ItemOut.of(i) for i in items_of(order=order)]
    )


@router.get("/orders", response=answers({200: OrderPage}))
def list_orders(request: ApiRequest, params: Query[OrderQuery]):  # type: ignore[no-untyped-def]
    list_require(user=request.auth, kind="order", customer_id=params.customer_id)
    filters = OrderFilters(status=params.status, customer_id=params.customer_id)
    qs = order_search(user=request.auth, filters=filters).prefetch_related("items")
    return paginate(qs, params, OrderOut.of)


def _lookup(model: type, field: str, value: str, where: str, **extra: object) -> object:
    if not value:
        return None
    row = model.objects.filter(**{field: value}, **extra).first()  # type: ignore[attr-defined]
    if row is None:
        raise ValidationFailed({where: [_("Unknown value.")]})
    return row


def _item_input(order: Order, index: int, p: ItemIn) -> ItemInput:
    where = f"items.{index}"
    sub = _lookup(
        Subscriber,
        "number",
        p.subscriber_number,
        f"{where}.subscriber_number",
        customer=order.customer,
        valid_to__isnull=True,
    )
    return ItemInput(
        kind=p.kind,
        description=p.description,
        unit_price=Decimal(p.unit_price) if p.unit_price is not None else None,
        quantity=p.quantity,
        number=p.number,
        number_source=p.number_source,
        subscriber=sub,  # type: ignore[arg-type]
        plan=_lookup(TariffPlan, "code", p.plan_code, f"{where}.plan_code"),  # type: ignore[arg-type]
        addon=_lookup(TariffAddon, "code", p.addon_code, f"{where}.addon_code"),  # type: ignore[arg-type]
        ownership=p.ownership,
        holder_name=p.holder_name,
        holder_id_type=p.holder_id_type,
        holder_id_number=p.holder_id_number,
        company_name=p.company_name,
        handler_name=p.handler_name,
        handler_id_type=p.handler_id_type,
        handler_id_number=p.handler_id_number,
        user_name=p.user_name,
        handset_model=p.handset_model,
        imei=p.imei,
        sim_serial=p.sim_serial,
        bill_months=p.bill_months,
    )


@router.post("/orders", response=answers({201: OrderDetailOut}, write=True))
def create_order(request: ApiRequest, payload: OrderIn):  # type: ignore[no-untyped-def]
    """A draft order with its items; one bad item refuses the whole order
    (``items.<n>.<field>``)."""
    user: User = request.auth
    customer = customer_get(user=user, customer_id=payload.customer_id, kind="order")
    _require_change(user)
    with transaction.atomic():
        order = order_create(actor=user, customer=customer, note=payload.note)
        items = [_item_input(order, n, p) for n, p in enumerate(payload.items)]
        if len(items) == 1:
            try:
                items_add(order=order, actor=user, items=items)
            except ValidationFailed as exc:
                raise ValidationFailed({f"items.0.{k}": v for k, v in exc.errors.items()}) from exc
        else:
            items_add(order=order, actor=user, items=items)
        if Decimal(payload.discount) > 0:
            order_set_discount(
                order=order,
                actor=user,
                discount=Decimal(payload.discount),
                reason=payload.discount_reason,
            )
    return Status(201, _detail(order))


@router.get("/orders/{order_id}", response=answers({200: OrderDetailOut}))
def get_order(request: ApiRequest, order_id: Id):  # type: ignore[no-untyped-def]
    return _detail(order_get(user=request.auth, order_id=order_id))


@router.post("/orders/{order_id}/approve", response=answers({200: OrderDetailOut}, write=True))
def approve_order(request: ApiRequest, order_id: Id, payload: ApproveIn):  # type: ignore[no-untyped-def]
    order = order_get(user=request.auth, order_id=order_id)
    _require_change(request.auth)
    if payload.decision == "request":
        order = order_request_approval(order=order, actor=request.auth)
    else:
        if request.auth.role != Role.SUPERVISOR:
            raise HttpError(403, _("Only a supervisor approves orders."))
        order = order_approve(
            order=order,
            actor=request.auth,
            approve=payload.decision == "approve",
            note=payload.note,
        )
    return _detail(order)


@router.post("/orders/{order_id}/submit", response=answers({200: OrderDetailOut}, write=True))
def submit_order(request: ApiRequest, order_id: Id):  # type: ignore[no-untyped-def]
    """Check the order (real-name evidence, SMS confirmations, approval, signature, the
    five-numbers limit) and queue it for BOSS."""
    order = order_get(user=request.auth, order_id=order_id)
    _require_change(request.auth)
    order_submit(order=order, actor=request.auth)
    order.refresh_from_db()
    return _detail(order)


def _boss_token_ok(token: str) -> bool:
    system = interface_of(InterfaceKind.BOSS)
    return (
        bool(token)
        and system is not None
        and bool(system.callback_token_hash)
        and (system.callback_token_hash == token_hash(token))
    )


@router.post(
    "/orders/boss/callback",
    auth=None,
    url_name="order_boss_callback",
    response=answers({200: CallbackOut}, write=True),
)
def boss_callback_endpoint(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    payload: CallbackIn,
    token: HeaderEx[Str200, P(alias=SYSTEM_TOKEN_HEADER)] = "",
):
    """BOSS reports on an order: accepted, confirmed (with each item's subscriber id or
    receipt) or rejected. Repeating a report is harmless; a confirmation that cannot be
    applied as a whole changes nothing and answers 422."""
    if not _boss_token_ok(token):
        raise HttpError(401, _("Unauthorized"))
    order = Order.objects.filter(number=payload.order_number).first()
    if order is None:
        raise HttpError(404, _("Not found."))
    answer = BossAnswer(
        status=payload.status,
        boss_ref=payload.boss_ref,
        reason=payload.reason,
        items=[
            ItemAnswer(
                item_id=i.item_id,
                status=i.status,
                subscriber_id=i.subscriber_id,
                receipt=i.receipt,
                reason=i.reason,
            )
            for i in payload.items
        ],
    )
    order = boss_callback(order=order, answer=answer)
    return CallbackOut(order_number=order.number, status=order.status, boss_ref=order.boss_ref)
