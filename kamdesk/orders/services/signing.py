"""The customer's signature on the order form: the PNG from the signature pad and the
SHA-256 digest of what was signed (the items and totals at that moment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.models import Order, OrderStatus
from kamdesk.orders.services.events import order_event
from kamdesk.orders.services.orders import totals_of
from kamdesk.users.models import User
from kamdesk.visits.signing import SignatureImageError, digest_of, png_from_data_url


def signed_content(order: Order) -> dict[str, Any]:
    totals = totals_of(order)
    return {
        "order": order.number,
        "customer": order.customer.name,
        "items": [
            {
                "kind": i.kind,
                "description": i.description,
                "number": i.number,
                "unit_price": str(i.unit_price),
                "quantity": i.quantity,
                "amount": str(i.amount),
            }
            for i in order.items.order_by("pk")
        ],
        "subtotal": str(totals.subtotal),
        "discount": str(totals.discount),
        "total": str(totals.total),
    }


def order_sign(
    *, order: Order, actor: User, signed_by: str, data_url: str, now: dt.datetime | None = None
) -> Order:
    """Record the customer's signature; the order's content is frozen from then on."""
    if order.status not in (OrderStatus.DRAFT, OrderStatus.AWAITING_APPROVAL, OrderStatus.APPROVED):
        raise ValidationFailed({"signature": [_("This order can no longer be signed.")]})
    if not order.items.exists():
        raise ValidationFailed({"signature": [_("The order has no items to sign.")]})
    if not signed_by.strip():
        raise ValidationFailed({"signed_by": [_("Give the name of the person signing.")]})
    try:
        png = png_from_data_url(data_url)
    except SignatureImageError as exc:
        raise ValidationFailed(
            {"signature": [_("The signature could not be read: %(why)s") % {"why": str(exc)}]}
        ) from exc
    moment = now or timezone.now()
    with transaction.atomic():
        order.signed_by, order.signed_at = signed_by.strip()[:100], moment
        order.signature_png = png
        order.signed_digest = digest_of(signed_content(order))
        order.save(
            update_fields=["signed_by", "signed_at", "signature_png", "signed_digest", "updated_at"]
        )
        order_event(order=order, kind="signed", actor=actor, at=moment, text=order.signed_by)
        audit_record(
            actor=actor,
            action="order.signed",
            target=order,
            customer_id=order.customer_id,
            extra={"digest": order.signed_digest},
        )
    return order


def signature_current(order: Order) -> bool:
    """Whether the signature covers the order as it is now."""
    return bool(order.signed_digest) and order.signed_digest == digest_of(signed_content(order))
