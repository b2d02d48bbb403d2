"""The items of an order and their checks by kind: numbers, plans and lock-in, identity
documents, IMEI, value-added services and bill payments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.identifiers import IdentifierError, clean_id_document, clean_subscriber_number
from kamdesk.core.masking import mask_id
from kamdesk.customers.models import IdType, Subscriber, TariffAddon, TariffPlan
from kamdesk.orders.models import ItemKind, NumberSource, Order, OrderItem, Ownership
from kamdesk.orders.rules import clean_imei, downgrade_locked, parse_months
from kamdesk.orders.services.events import order_event
from kamdesk.users.models import User

Errors = dict[str, list[str]]


@dataclass
class ItemInput:
    kind: str
    unit_price: Decimal | None = None
    quantity: int = 1
    description: str = ""
    number: str = ""
    number_source: str = ""
    subscriber: Subscriber | None = None
    plan: TariffPlan | None = None
    addon: TariffAddon | None = None
    ownership: str = ""
    holder_name: str = ""
    holder_id_type: str = ""
    holder_id_number: str = ""
    company_name: str = ""
    handler_name: str = ""
    handler_id_type: str = ""
    handler_id_number: str = ""
    user_name: str = ""
    handset_model: str = ""
    imei: str = ""
    sim_serial: str = ""
    bill_months: str = ""
    onsite_item: Any = None


def _document(errors: Errors, field: str, id_type: str, number: str) -> str:
    if id_type not in IdType.values:
        errors[f"{field}_id_type"] = [_("Choose an accepted type of identity document.")]
        return ""
    try:
        return clean_id_document(id_type, number)
    except IdentifierError as exc:
        errors[f"{field}_id_number"] = [
            _("The identity document is not valid: %(reason)s.") % {"reason": str(exc)}
        ]
        return ""


def _line_of(order: Order, data: ItemInput, errors: Errors) -> None:
    s = data.subscriber
    if s is None:
        errors["subscriber"] = [_("Choose the line concerned.")]
    elif s.customer_id != order.customer_id or s.valid_to is not None:
        errors["subscriber"] = [_("Not a current line of this customer.")]


def _new_line(order: Order, data: ItemInput, errors: Errors) -> None:
    try:
        data.number = clean_subscriber_number(data.number)
    except IdentifierError:
        errors["number"] = [_("A number has 11 digits (mobile) or 13 digits (IoT).")]
    else:
        taken = Subscriber.objects.filter(number=data.number, valid_to__isnull=True)
        if taken.exists():
            errors["number"] = [_("This number is held by a current subscriber.")]
    if data.number_source not in NumberSource.values:
        errors["number_source"] = [_("Say whether the number comes from the pool or is ported in.")]
    if data.plan is None:
        errors["plan"] = [_("Choose the plan.")]
    if data.ownership not in Ownership.values:
        errors["ownership"] = [_("Say whether the line is personal or company-owned.")]
    if not data.holder_name.strip():
        errors["holder_name"] = [_("Give the registered holder's name.")]
    data.holder_id_number = _document(errors, "holder", data.holder_id_type, data.holder_id_number)
    if data.ownership == Ownership.COMPANY:
        data.company_name = data.company_name.strip() or order.customer.name
        if not data.handler_name.strip():
            errors["handler_name"] = [_("A company-owned line needs the person handling it.")]
        data.handler_id_number = _document(
            errors, "handler", data.handler_id_type, data.handler_id_number
        )
        if not data.user_name.strip():
            errors["user_name"] = [_("A company-owned line needs its actual user.")]
    if data.unit_price is None and data.plan is not None:
        data.unit_price = data.plan.monthly_fee


def locked_until(subscriber: Subscriber, today: dt.date) -> dt.date | None:
    """The end of the lock-in of the line: the latest running contract that covers a
    group product the line is a member of."""
    from kamdesk.customers.models import Contract

    contract = (
        Contract.objects.filter(
            customer_id=subscriber.customer_id,
            starts_on__lte=today,
            expires_on__gte=today,
            products__members__subscriber=subscriber,
        )
        .order_by("-expires_on")
        .first()
    )
    return contract.expires_on if contract else None


def _plan_change(order: Order, data: ItemInput, errors: Errors) -> None:
    _line_of(order, data, errors)
    if data.plan is None:
        errors["plan"] = [_("Choose the new plan.")]
        return
    s = data.subscriber
    if s is None or "subscriber" in errors:
        return
    if s.plan_id == data.plan.pk:
        errors["plan"] = [_("The line is already on this plan.")]
        return
    today = timezone.localdate()
    until = locked_until(s, today)
    current = s.plan.monthly_fee if s.plan else None
    if downgrade_locked(
        current_fee=current, new_fee=data.plan.monthly_fee, locked_until=until, today=today
    ):
        errors["plan"] = [
            _(
                "The line is under a contract lock-in until %(date)s: it cannot move to a "
                "cheaper plan before then."
            )
            % {"date": until.isoformat() if until else ""}
        ]


def _sim(order: Order, data: ItemInput, errors: Errors) -> None:
    _line_of(order, data, errors)
    serial = data.sim_serial.strip().upper()
    if not (serial.startswith("89") and serial.isdigit() and 19 <= len(serial) <= 20):
        errors["sim_serial"] = [_("A SIM serial (ICCID) has 19 or 20 digits starting with 89.")]
    data.sim_serial = serial


def _handset(order: Order, data: ItemInput, errors: Errors) -> None:
    if not data.handset_model.strip():
        errors["handset_model"] = [_("Give the handset model.")]
    if data.imei.strip():
        try:
            data.imei = clean_imei(data.imei)
        except ValueError:
            errors["imei"] = [_("The IMEI is not valid: 15 digits with a correct check digit.")]
    if not data.unit_price or data.unit_price <= 0:
        errors["unit_price"] = [_("Give the handset's price.")]


def _vas(order: Order, data: ItemInput, errors: Errors) -> None:
    _line_of(order, data, errors)
    if data.addon is None:
        errors["addon"] = [_("Choose the value-added service.")]
        return
    if data.subscriber is not None and "subscriber" not in errors:
        _addon_fits_plan(data.addon, data.subscriber, errors)
    if data.unit_price is None:
        data.unit_price = data.addon.monthly_fee


def _addon_fits_plan(addon: TariffAddon, line: Subscriber, errors: Errors) -> None:
    """An add-on whose catalogue entry lists plans is ordered only with one of them; one
    that lists none is not restricted."""
    plan_ids = set(addon.plans.values_list("pk", flat=True))
    if plan_ids and line.plan_id not in plan_ids:
        errors["addon"] = [
            _("%(service)s cannot be ordered with the line's plan (%(plan)s).")
            % {"service": addon.name, "plan": line.plan.name if line.plan else "—"}
        ]


def _bill(order: Order, data: ItemInput, errors: Errors) -> None:
    if data.subscriber is not None:
        _line_of(order, data, errors)
    try:
        data.bill_months = ",".join(parse_months(data.bill_months))
    except ValueError:
        errors["bill_months"] = [_("Give the months paid as YYYY-MM, separated by commas.")]
    if not data.unit_price or data.unit_price <= 0:
        errors["unit_price"] = [_("Give the amount to pay.")]
    data.quantity = 1


CHECKS = {
    ItemKind.NEW_LINE: _new_line,
    ItemKind.PLAN_CHANGE: _plan_change,
    ItemKind.SIM_REPLACEMENT: _sim,
    ItemKind.HANDSET: _handset,
    ItemKind.VAS: _vas,
    ItemKind.BILL_PAYMENT: _bill,
}


def item_errors(order: Order, data: ItemInput) -> Errors:
    errors: Errors = {}
    if data.kind not in CHECKS:
        return {"kind": [_("Unknown kind of item.")]}
    if data.quantity < 1 or data.quantity > 999:
        errors["quantity"] = [_("The quantity is between 1 and 999.")]
    if data.unit_price is not None and data.unit_price < 0:
        errors["unit_price"] = [_("A price cannot be negative.")]
    CHECKS[ItemKind(data.kind)](order, data, errors)
    return errors


_COPIED = (
    "kind",
    "quantity",
    "number",
    "number_source",
    "subscriber",
    "plan",
    "addon",
    "ownership",
    "holder_name",
    "holder_id_type",
    "holder_id_number",
    "company_name",
    "handler_name",
    "handler_id_type",
    "handler_id_number",
    "user_name",
    "handset_model",
    "imei",
    "sim_serial",
    "bill_months",
    "onsite_item",
)


def _build(order: Order, data: ItemInput) -> OrderItem:
    item = OrderItem(order=order, unit_price=data.unit_price or Decimal("0.00"))
    for name in _COPIED:
        value = getattr(data, name)
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.description = (data.description.strip() or _describe(data))[:200]
    item.holder_id_masked = mask_id(item.holder_id_number) if item.holder_id_number else ""
    item.handler_id_masked = mask_id(item.handler_id_number) if item.handler_id_number else ""
    return item


def _describe(data: ItemInput) -> str:
    label = ItemKind(data.kind).label
    detail = {
        ItemKind.NEW_LINE: data.plan.name if data.plan else "",
        ItemKind.PLAN_CHANGE: data.plan.name if data.plan else "",
        ItemKind.SIM_REPLACEMENT: data.sim_serial[-6:],
        ItemKind.HANDSET: data.handset_model,
        ItemKind.VAS: data.addon.name if data.addon else "",
        ItemKind.BILL_PAYMENT: data.bill_months,
    }[ItemKind(data.kind)]
    return f"{label} {detail}".strip()


def items_add(
    *, order: Order, actor: User, items: list[ItemInput], now: dt.datetime | None = None
) -> list[OrderItem]:
    """Add items to a draft order; one bad item refuses them all, its errors prefixed
    with its position (``items.2.imei``) when several are added."""
    if not order.is_editable:
        raise ValidationFailed({"items": [_("Only a draft order can be changed.")]})
    errors: Errors = {}
    for index, data in enumerate(items):
        for field, messages in item_errors(order, data).items():
            key = f"items.{index}.{field}" if len(items) > 1 else field
            errors[key] = messages
    if errors:
        raise ValidationFailed(errors)
    moment = now or timezone.now()
    with transaction.atomic():
        rows = [_build(order, data) for data in items]
        for row in rows:
            row.save()
            order_event(
                order=order, kind="item_added", actor=actor, at=moment, text=row.description
            )
        audit_record(
            actor=actor,
            action="order.items.added",
            target=order,
            customer_id=order.customer_id,
            extra={"kinds": [r.kind for r in rows]},
        )
    return rows


def item_remove(*, item: OrderItem, actor: User) -> None:
    order = item.order
    if not order.is_editable:
        raise ValidationFailed({"items": [_("Only a draft order can be changed.")]})
    with transaction.atomic():
        order_event(order=order, kind="item_removed", actor=actor, text=item.description)
        item.delete()


def handset_hand_over(
    *, item: OrderItem, actor: User, imei: str, now: dt.datetime | None = None
) -> OrderItem:
    """Record the handset given to the customer with its IMEI (checked with Luhn)."""
    if item.kind != ItemKind.HANDSET:
        raise ValidationFailed({"imei": [_("Only a handset is handed over.")]})
    try:
        item.imei = clean_imei(imei)
    except ValueError as exc:
        raise ValidationFailed(
            {"imei": [_("The IMEI is not valid: 15 digits with a correct check digit.")]}
        ) from exc
    item.handed_over_at = now or timezone.now()
    with transaction.atomic():
        item.save(update_fields=["imei", "handed_over_at", "updated_at"])
        order_event(
            order=item.order,
            kind="handset_handed_over",
            actor=actor,
            text=f"{item.handset_model} IMEI {item.imei}",
        )
        audit_record(
            actor=actor,
            action="order.handset.handed_over",
            target=item.order,
            customer_id=item.order.customer_id,
        )
    return item
