"""The order's history, and notices about orders."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kamdesk.notifications.services import notify
from kamdesk.orders.models import Order, OrderEvent
from kamdesk.users.models import User


def order_event(
    *,
    order: Order,
    kind: str,
    actor: User | None = None,
    at: dt.datetime | None = None,
    text: str = "",
    dedup_key: str | None = None,
) -> OrderEvent | None:
    """Add a line to the history; with a ``dedup_key`` a repeated event is not doubled."""
    try:
        with transaction.atomic():
            return OrderEvent.objects.create(
                order=order,
                kind=kind,
                actor=actor,
                at=at or timezone.now(),
                text=text,
                dedup_key=dedup_key,
            )
    except IntegrityError:
        return None


def order_url(order: Order) -> str:
    return reverse("orders:detail", args=[order.pk])


def tell(*, user: User | None, order: Order, kind: str, title: str, key: str) -> None:
    if user is not None:
        notify(user=user, kind=kind, title=title, dedup_key=key, url=order_url(order))
