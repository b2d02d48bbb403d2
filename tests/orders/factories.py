"""Orders made through the services, up to the step a test needs."""

from __future__ import annotations

from decimal import Decimal

from kamdesk.orders.models import Order
from kamdesk.orders.services.items import ItemInput, items_add
from kamdesk.orders.services.orders import (
    order_approve,
    order_create,
    order_request_approval,
    order_set_discount,
)
from kamdesk.orders.services.realname import item_verify_realname
from kamdesk.orders.services.signing import order_sign
from tests.factories import make_resident_id
from tests.orders.conftest import signature_data_url


def new_line(plan, *, number="13912340001", seq=1, **extra) -> ItemInput:
    return ItemInput(
        kind="new_line",
        number=number,
        number_source="pool",
        plan=plan,
        ownership=extra.pop("ownership", "personal"),
        holder_name=extra.pop("holder_name", "王小明"),
        holder_id_type="resident_id",
        holder_id_number=extra.pop("holder_id_number", make_resident_id(seq)),
        **extra,
    )


def handset(*, imei="356938035643809", price="3999.00") -> ItemInput:
    return ItemInput(
        kind="handset", handset_model="华为 Mate 70", imei=imei, unit_price=Decimal(price)
    )


def plan_change(line, plan) -> ItemInput:
    return ItemInput(kind="plan_change", subscriber=line, plan=plan)


def draft(*, actor, customer, items, discount=None) -> Order:
    order = order_create(actor=actor, customer=customer, note="驻点服务日受理")
    added = items_add(order=order, actor=actor, items=items)
    for item in added:
        if item.kind == "new_line":
            item_verify_realname(item=item, actor=actor)
    if discount is not None:
        order_set_discount(order=order, actor=actor, discount=Decimal(discount), reason="集团优惠")
    return order


def signed(order: Order, actor) -> Order:
    return order_sign(order=order, actor=actor, signed_by="钱主任", data_url=signature_data_url())


def approved(*, actor, customer, items, supervisor=None, discount=None) -> Order:
    order = signed(draft(actor=actor, customer=customer, items=items, discount=discount), actor)
    order = order_request_approval(order=order, actor=actor)
    if supervisor is not None and order.status == "awaiting_approval":
        order = order_approve(order=order, actor=supervisor, approve=True)
    return order
