"""Port-out compliance (携号转网服务管理规定).

Once a subscriber has requested a port-out authorisation code, nothing may obstruct
the port-out: no retention offer and no plan change is proposed for that subscriber;
only service care (understanding the reason, fixing a fault) is allowed. The block
lasts while the request is live: ``PORT_OUT_DAYS`` after it, unless the number has
ported out or the subscriber withdrew (a later resumption).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from kamdesk.customers.models import Customer, Subscriber
from kamdesk.usage.models import EventType, SubscriberEvent

PORT_OUT_DAYS = 30
ALLOWED_WHILE_PORTING = ("service_care",)


@dataclass(frozen=True)
class PortOutBlock:
    subscriber_id: int
    number: str
    requested_at: dt.datetime
    until: dt.datetime


def _live(events: list[SubscriberEvent], now: dt.datetime) -> PortOutBlock | None:
    """The live port-out request among one subscriber's events (newest first)."""
    for event in events:
        if event.type in (EventType.RESUMPTION, EventType.PORTED_OUT):
            return None
        if event.type == EventType.PORT_OUT_CODE_REQUESTED:
            until = event.occurred_at + dt.timedelta(days=PORT_OUT_DAYS)
            if until <= now:
                return None
            return PortOutBlock(event.subscriber_id, event.number, event.occurred_at, until)
    return None


def port_out_block(
    *, subscriber: Subscriber, now: dt.datetime | None = None
) -> PortOutBlock | None:
    moment = now or timezone.now()
    events = list(
        SubscriberEvent.objects.filter(subscriber=subscriber, occurred_at__lte=moment)
        .filter(
            type__in=[EventType.PORT_OUT_CODE_REQUESTED, EventType.RESUMPTION, EventType.PORTED_OUT]
        )
        .order_by("-occurred_at")[:5]
    )
    return _live(events, moment)


def port_out_blocks(*, customer: Customer, now: dt.datetime | None = None) -> list[PortOutBlock]:
    """Every subscriber of ``customer`` with a live port-out request."""
    moment = now or timezone.now()
    since = moment - dt.timedelta(days=PORT_OUT_DAYS)
    ids = set(
        SubscriberEvent.objects.filter(
            customer=customer,
            type=EventType.PORT_OUT_CODE_REQUESTED,
            occurred_at__gt=since,
            occurred_at__lte=moment,
        ).values_list("subscriber_id", flat=True)
    )
    blocks = [
        port_out_block(subscriber=s, now=moment) for s in Subscriber.objects.filter(pk__in=ids)
    ]
    return [b for b in blocks if b is not None]
