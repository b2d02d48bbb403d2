"""For a supervisor: required visits someone dropped, with the reason (visits'
``dropped_required_visits``)."""

from __future__ import annotations

import datetime as dt

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

LIMIT = 8
RECENT_DAYS = 30


def available() -> bool:
    from kamdesk.visits import selectors

    return hasattr(selectors, "dropped_required_visits")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.visits.selectors import dropped_required_visits

    qs = dropped_required_visits(user=user).filter(
        cancelled_at__gte=now - dt.timedelta(days=RECENT_DAYS)
    )
    rows = list(qs[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(
        items=[
            PanelItem(
                title=v.get_required_reason_display(),
                url=record_url("visits:detail", v.pk, v.customer_id),
                customer=v.customer.name,
                detail=f"{v.manager} · {v.cancel_reason}"[:200],
                when=v.cancelled_at,
                tone="danger",
            )
            for v in rows
        ],
        total=total,
    )
