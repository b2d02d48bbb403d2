"""The monthly schedule: last month's deliveries whose day has come are prepared (and a
bill corrected since it was sent goes out again), then every delivery due is sent. It
processes whatever is due, so a missed, late or doubled run does the right thing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kamdesk.statements.models import Delivery, DeliveryStatus, Document, Subscription
from kamdesk.statements.services.delivery import (
    deliveries_send_due,
    delivery_prepare,
    previous_month,
)
from kamdesk.statements.services.documents import current_bill_revision


def subscriptions_due(*, today: dt.date) -> list[Subscription]:
    """Active preferences whose day of the month has come (the last day stands in for
    days the month does not have)."""
    month_end = ((today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)) - dt.timedelta(
        days=1
    )
    limit = 31 if today == month_end else today.day
    return list(
        Subscription.objects.filter(active=True, day_of_month__lte=limit).select_related(
            "account", "subscriber__account", "contact", "customer"
        )
    )


def schedule_run(*, today: dt.date | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """The monthly schedule: prepare last month's deliveries that are due and send every
    delivery due. Processes whatever is due, so a missed, late or doubled run is right."""
    today = today or timezone.localdate()
    month = previous_month(today)
    prepared = 0
    for subscription in subscriptions_due(today=today):
        key = f"schedule:{subscription.pk}:{month:%Y-%m}"
        if delivery_prepare(subscription=subscription, month=month, key=key) is not None:
            prepared += 1
        elif subscription.document == Document.BILL:
            prepared += _bill_correction(subscription, month)
    sent = deliveries_send_due(now=now)
    return {"prepared": prepared, "sent": sent}


DELIVERED_OR_GOING = (
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.TO_HAND_OVER,
    DeliveryStatus.HANDED_OVER,
)


def _bill_correction(subscription: Subscription, month: dt.date) -> int:
    """When billing has corrected a bill already sent (a higher version of one of its
    rows), the corrected bill goes out again as a new document that names the one it
    replaces; once per revision. Returns 1 when one was prepared."""
    last = (
        Delivery.objects.filter(
            subscription=subscription,
            month=month,
            statement__isnull=False,
            status__in=DELIVERED_OR_GOING,
        )
        .select_related("statement")
        .order_by("-pk")
        .first()
    )
    if last is None or last.statement is None or not last.statement.bill_revision:
        return 0
    revision = current_bill_revision(
        account=subscription.account, subscriber=subscription.subscriber, month=month
    )
    if not revision or revision == last.statement.bill_revision:
        return 0
    key = f"schedule:{subscription.pk}:{month:%Y-%m}:{revision}"
    made = delivery_prepare(
        subscription=subscription, month=month, key=key, replaces=last.statement
    )
    return int(made is not None)
