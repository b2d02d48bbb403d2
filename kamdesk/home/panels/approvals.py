"""For a supervisor: the team's orders waiting for their approval (orders'
``orders_awaiting``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

LIMIT = 8


def available() -> bool:
    from kamdesk.orders import selectors

    return hasattr(selectors, "orders_awaiting")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.orders.selectors import orders_awaiting

    qs = orders_awaiting(user=user)
    rows = list(qs.select_related("customer", "owner")[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(
        items=[
            PanelItem(
                title=str(o),
                url=record_url("orders:detail", o.pk, o.customer_id),
                customer=o.customer.name,
                detail=str(o.owner),
                when=o.approval_requested_at,
                tone="warning",
                badge=_("Awaiting approval"),
            )
            for o in rows
        ],
        total=total,
    )
