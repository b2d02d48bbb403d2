"""Submission to BOSS and BOSS's answers.

An approved, signed order is checked once more (real-name evidence, SMS confirmations,
the five-numbers limit on the real-name platform) and queued; a worker POSTs it to
BOSS with an ``Idempotency-Key`` that is the same on every attempt, so BOSS creates one
order however often it is called. A failed call is retried with a growing delay. BOSS
reports back on the callback endpoint; only a confirmation changes the customer's
subscribers and plans here, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.customers.models import Subscriber
from kamdesk.customers.services import interaction_create
from kamdesk.notifications.services import outbox_sms, site_url
from kamdesk.orders.models import (
    Delivery,
    InterfaceKind,
    ItemKind,
    ItemStatus,
    Order,
    OrderItem,
    OrderStatus,
)
from kamdesk.orders.services.events import order_event, tell
from kamdesk.orders.services.interface import interface_of, post_json
from kamdesk.orders.services.orders import policy_get, totals_of
from kamdesk.orders.services.readiness import readiness_errors
from kamdesk.orders.services.realname import number_limit_errors
from kamdesk.users.models import User

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=2)
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(minutes=30)


def retry_delay(attempts: int) -> dt.timedelta:
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def order_submit(*, order: Order, actor: User, now: dt.datetime | None = None) -> Order:
    """Check the order and queue it for BOSS; nothing is sent when a check fails."""
    errors = readiness_errors(order, for_submission=True)
    if not errors:
        errors = number_limit_errors(order=order, limit=policy_get().numbers_per_person)
    if errors:
        raise ValidationFailed(errors)
    if interface_of(InterfaceKind.BOSS) is None:
        raise ValidationFailed({"boss": [_("The BOSS interface is not configured.")]})
    moment = now or timezone.now()
    with transaction.atomic():
        claimed = Order.objects.filter(pk=order.pk, status=OrderStatus.APPROVED).update(
            status=OrderStatus.SUBMITTING,
            delivery=Delivery.PENDING,
            delivery_next_at=moment,
            submitted_at=moment,
            updated_at=moment,
        )
        if not claimed:
            raise ValidationFailed({"status": [_("The order has been submitted already.")]})
        order.refresh_from_db()
        order_event(order=order, kind="submitted", actor=actor, at=moment)
        audit_record(
            actor=actor, action="order.submitted", target=order, customer_id=order.customer_id
        )
        # The order is a contact with the customer: it goes into the 360 timeline.
        interaction_create(
            actor=actor,
            customer=order.customer,
            channel="visit" if order.source_visit_id else "walk_in",
            summary=_("Order %(number)s submitted to BOSS: %(items)s; total %(total)s yuan")
            % {
                "number": order.number,
                "items": "、".join(i.description for i in order.items.all()),
                "total": totals_of(order).total,
            },
            occurred_at=moment,
        )
        transaction.on_commit(lambda: _enqueue(order.pk))
    return order


def _enqueue(order_id: int) -> None:
    from kamdesk.orders.tasks import deliver_order

    deliver_order.enqueue(order_id)


def boss_payload(order: Order) -> dict[str, Any]:
    """What BOSS receives; the identity documents go in full (BOSS registers the holder)."""
    totals = totals_of(order)
    return {
        "idempotency_key": str(order.idempotency_key),
        "order_number": order.number,
        "customer": {"code": order.customer.code, "name": order.customer.name},
        "account": order.account.code if order.account else None,
        "note": order.note,
        "items": [
            _item_payload(i) for i in order.items.select_related("subscriber", "plan", "addon")
        ],
        "subtotal": str(totals.subtotal),
        "discount": str(totals.discount),
        "total": str(totals.total),
        "callback_url": site_url(reverse("api:order_boss_callback")),
        "callback_auth_header": "X-KAM-System-Token",
    }


def _item_payload(i: OrderItem) -> dict[str, Any]:
    return {
        "item_id": i.pk,
        "kind": i.kind,
        "number": i.number or (i.subscriber.number if i.subscriber else ""),
        "number_source": i.number_source,
        "subscriber_id": i.subscriber.subscriber_id if i.subscriber else None,
        "plan": i.plan.code if i.plan else None,
        "addon": i.addon.code if i.addon else None,
        "ownership": i.ownership,
        "holder": {
            "name": i.holder_name,
            "id_type": i.holder_id_type,
            "id_number": i.holder_id_number,
        }
        if i.holder_name
        else None,
        "company": i.company_name,
        "handler": {
            "name": i.handler_name,
            "id_type": i.handler_id_type,
            "id_number": i.handler_id_number,
        }
        if i.handler_name
        else None,
        "user_name": i.user_name,
        "realname": {"card_reader_ref": i.card_reader_ref, "face_match_ref": i.face_match_ref},
        "handset_model": i.handset_model,
        "imei": i.imei,
        "sim_serial": i.sim_serial,
        "bill_months": i.bill_months,
        "amount": str(i.amount),
    }


def _claim(order_id: int, now: dt.datetime) -> Order | None:
    claimed = Order.objects.filter(
        pk=order_id, delivery=Delivery.PENDING, delivery_next_at__lte=now
    ).update(delivery_next_at=now + LEASE)
    if not claimed:
        return None
    return Order.objects.select_related("customer", "account").get(pk=order_id)


def order_deliver(*, order_id: int, now: dt.datetime | None = None) -> bool:
    """Try to deliver one order if its delivery is due; True once BOSS accepted it."""
    moment = now or timezone.now()
    order = _claim(order_id, moment)
    system = interface_of(InterfaceKind.BOSS)
    if order is None or system is None:
        return False
    answer = post_json(system, boss_payload(order), idempotency_key=str(order.idempotency_key))
    with transaction.atomic():
        order.delivery_attempts += 1
        if answer.ok:
            _accepted(order, str(answer.data.get("boss_ref") or ""), moment)
        else:
            _failed(order, answer.error, system.max_attempts, moment)
        order.save(
            update_fields=[
                "delivery",
                "delivery_attempts",
                "delivery_next_at",
                "delivery_error",
                "updated_at",
            ]
        )
    return answer.ok


def _accepted(order: Order, boss_ref: str, moment: dt.datetime) -> None:
    order.delivery, order.delivery_next_at, order.delivery_error = Delivery.DELIVERED, None, ""
    # BOSS may have called back before its answer arrived: only a submitting order moves.
    Order.objects.filter(pk=order.pk, status=OrderStatus.SUBMITTING).update(
        status=OrderStatus.SUBMITTED, boss_ref=boss_ref[:64]
    )
    Order.objects.filter(pk=order.pk, boss_ref="").update(boss_ref=boss_ref[:64])
    order_event(
        order=order,
        kind="boss_accepted",
        at=moment,
        text=boss_ref,
        dedup_key=f"order:{order.pk}:accepted",
    )


def _failed(order: Order, error: str, max_attempts: int, moment: dt.datetime) -> None:
    order.delivery_error = error[:300]
    if order.delivery_attempts < max_attempts:
        order.delivery_next_at = moment + retry_delay(order.delivery_attempts)
        log.warning("delivery of order %s failed (%s); retrying", order.number, error)
        return
    order.delivery, order.delivery_next_at = Delivery.FAILED, None
    Order.objects.filter(pk=order.pk, status=OrderStatus.SUBMITTING).update(
        status=OrderStatus.FAILED
    )
    order_event(
        order=order,
        kind="boss_delivery_failed",
        at=moment,
        text=error,
        dedup_key=f"order:{order.pk}:delivery_failed",
    )
    tell(
        user=order.owner,
        order=order,
        kind="order.delivery_failed",
        title=_("BOSS did not accept order %(number)s: %(error)s")
        % {"number": order.number, "error": error},
        key=f"order:{order.pk}:delivery_failed",
    )


def order_deliveries_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Hand every due delivery (or retry) to a background task."""
    moment = now or timezone.now()
    ids = list(
        Order.objects.filter(delivery=Delivery.PENDING, delivery_next_at__lte=moment)
        .order_by("delivery_next_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)


# --- BOSS's callback ----------------------------------------------------------------------


@dataclass
class ItemAnswer:
    item_id: int
    status: str
    subscriber_id: str = ""
    receipt: str = ""
    reason: str = ""


@dataclass
class BossAnswer:
    status: str  # accepted, confirmed, rejected
    boss_ref: str = ""
    reason: str = ""
    items: list[ItemAnswer] = field(default_factory=list)


def boss_callback(*, order: Order, answer: BossAnswer, now: dt.datetime | None = None) -> Order:
    """Apply what BOSS reports. Repeating a report changes nothing; a confirmation
    applies every local change in one transaction, or none when one of them fails."""
    moment = now or timezone.now()
    if answer.status not in ("accepted", "confirmed", "rejected"):
        raise ValidationFailed({"status": [_("Unknown status.")]})
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("customer", "account")
            .get(pk=order.pk)
        )
        if order.status in (OrderStatus.CONFIRMED, OrderStatus.REJECTED):
            return order  # BOSS repeats itself: the first final answer stands.
        if order.status not in (OrderStatus.SUBMITTING, OrderStatus.SUBMITTED):
            raise ValidationFailed({"status": [_("This order was not submitted to BOSS.")]})
        if answer.boss_ref:
            order.boss_ref = answer.boss_ref[:64]
        if answer.status == "accepted":
            order.status = OrderStatus.SUBMITTED
        elif answer.status == "rejected":
            _reject(order, answer, moment)
        else:
            _confirm(order, answer, moment)
        order.save()
    return order


def _reject(order: Order, answer: BossAnswer, moment: dt.datetime) -> None:
    order.status, order.boss_reason, order.boss_answered_at = (
        OrderStatus.REJECTED,
        answer.reason.strip(),
        moment,
    )
    order.items.update(status=ItemStatus.REJECTED)
    order_event(order=order, kind="boss_rejected", at=moment, text=answer.reason)
    audit_record(
        actor=None,
        action="order.boss.rejected",
        target=order,
        customer_id=order.customer_id,
        extra={"reason": answer.reason[:200]},
    )
    tell(
        user=order.owner,
        order=order,
        kind="order.rejected",
        title=_("BOSS rejected order %(number)s: %(reason)s")
        % {"number": order.number, "reason": answer.reason},
        key=f"order:{order.pk}:rejected",
    )


def _confirm(order: Order, answer: BossAnswer, moment: dt.datetime) -> None:
    by_id = {a.item_id: a for a in answer.items}
    today = timezone.localdate(moment)
    for item in order.items.select_related("subscriber", "plan").select_for_update(of=("self",)):
        _apply(order, item, by_id.get(item.pk), today)
    order.status, order.boss_answered_at = OrderStatus.CONFIRMED, moment
    order_event(order=order, kind="boss_confirmed", at=moment, text=order.boss_ref)
    audit_record(
        actor=None,
        action="order.boss.confirmed",
        target=order,
        customer_id=order.customer_id,
        extra={"boss_ref": order.boss_ref},
    )
    tell(
        user=order.owner,
        order=order,
        kind="order.confirmed",
        title=_("BOSS confirmed order %(number)s") % {"number": order.number},
        key=f"order:{order.pk}:confirmed",
    )


def _missing(item: OrderItem, what: str) -> ValidationFailed:
    return ValidationFailed({f"items.{item.pk}": [what]})


def _apply(order: Order, item: OrderItem, a: ItemAnswer | None, today: dt.date) -> None:
    """One item's local change; raising undoes the whole confirmation."""
    a = a or ItemAnswer(item_id=item.pk, status="confirmed")
    if a.status != "confirmed":
        item.status, item.boss_reason = ItemStatus.REJECTED, a.reason[:300]
        item.save(update_fields=["status", "boss_reason", "updated_at"])
        return
    if item.kind == ItemKind.NEW_LINE:
        _open_line(order, item, a, today)
    elif item.kind == ItemKind.PLAN_CHANGE:
        assert item.subscriber is not None and item.plan is not None
        item.subscriber.plan = item.plan
        item.subscriber.save(update_fields=["plan", "updated_at"])
    elif item.kind == ItemKind.SIM_REPLACEMENT:
        assert item.subscriber is not None
        outbox_sms(
            to=item.subscriber.number,
            body=_(
                "The SIM card of your number %(number)s was replaced today. If you did not "
                "ask for it, call 10086 at once."
            )
            % {"number": mask_number(item.subscriber.number)},
            dedup_key=f"order-item:{item.pk}:sim-replaced",
        )
    elif item.kind == ItemKind.BILL_PAYMENT:
        if not a.receipt.strip():
            raise _missing(item, _("BOSS confirmed a bill payment without a receipt number."))
        item.boss_receipt = a.receipt.strip()[:64]
    item.status, item.boss_subscriber_id = ItemStatus.CONFIRMED, a.subscriber_id[:32]
    item.save()


def _open_line(order: Order, item: OrderItem, a: ItemAnswer, today: dt.date) -> None:
    if not a.subscriber_id.strip():
        raise _missing(item, _("BOSS confirmed a new line without its subscriber id."))
    if Subscriber.objects.filter(subscriber_id=a.subscriber_id).exists():
        raise _missing(item, _("The subscriber id is used already."))
    if Subscriber.objects.filter(number=item.number, valid_to__isnull=True).exists():
        raise _missing(item, _("The number is held by a current subscriber."))
    account = order.account or order.customer.accounts.order_by("pk").first()
    if account is None:
        raise _missing(item, _("The customer has no billing account for the new line."))
    Subscriber.objects.create(
        subscriber_id=a.subscriber_id.strip(),
        number=item.number,
        valid_from=today,
        customer=order.customer,
        account=account,
        plan=item.plan,
        activated_on=today,
        holder_name=item.company_name or item.holder_name,
        user_name=item.user_name or item.holder_name,
    )
