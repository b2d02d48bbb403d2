"""Confirmations by SMS code: the subscriber's confirmation of a value-added service
(二次确认) and the holder's verification before a SIM replacement."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.notifications.codes import code_check, code_send
from kamdesk.orders.models import ItemKind, OrderItem
from kamdesk.orders.services.events import order_event
from kamdesk.users.models import User

PURPOSES = {ItemKind.VAS: "order_vas", ItemKind.SIM_REPLACEMENT: "order_sim_holder"}


def _purpose(item: OrderItem) -> str:
    if item.kind not in PURPOSES or item.subscriber is None:
        raise ValidationFailed({"code": [_("This item needs no SMS confirmation.")]})
    return PURPOSES[ItemKind(item.kind)]


def _text(item: OrderItem) -> str:
    if item.kind == ItemKind.VAS:
        service = item.addon.name if item.addon else item.description
        return _(
            "You are ordering %(service)s. Your confirmation code is {code}, valid for "
            "{minutes} minutes. Ignore this message if you did not ask for it."
        ) % {"service": service}
    return _(
        "A SIM card replacement was requested for this number. Your verification code "
        "is {code}, valid for {minutes} minutes. Do not give it to anyone you do not "
        "know."
    )


def item_code_send(*, item: OrderItem, actor: User, now: dt.datetime | None = None) -> None:
    purpose = _purpose(item)
    assert item.subscriber is not None
    code_send(
        purpose=purpose,
        subject=f"item:{item.pk}",
        number=item.subscriber.number,
        text=_text(item),
        actor=actor,
        now=now,
    )
    order_event(order=item.order, kind="code_sent", actor=actor, text=item.description)


def item_code_confirm(
    *, item: OrderItem, actor: User, code: str, now: dt.datetime | None = None
) -> OrderItem:
    """Check the code the subscriber read out; the item is then confirmed (VAS) or its
    holder verified (SIM replacement)."""
    purpose = _purpose(item)
    # Checked before the transaction: a wrong guess must stay counted.
    code_check(purpose=purpose, subject=f"item:{item.pk}", code=code, now=now)
    moment = now or timezone.now()
    with transaction.atomic():
        if item.kind == ItemKind.VAS:
            item.sms_confirmed_at = moment
        else:
            item.holder_verified_at = moment
        item.save()
        order_event(
            order=item.order, kind="code_confirmed", actor=actor, at=moment, text=item.description
        )
        audit_record(
            actor=actor,
            action=f"order.{purpose}.confirmed",
            target=item.order,
            customer_id=item.order.customer_id,
        )
    return item
