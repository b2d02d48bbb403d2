"""The newest unread alerts of the user's inbox (not done, not snoozed)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.users.models import User

LIMIT = 6


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.notifications.selectors import InboxFilters, inbox_of

    qs = inbox_of(user=user, filters=InboxFilters(box="unread"), now=now)
    rows = list(qs[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    tones = {"sla.breach": "danger", "sla.escalation": "danger", "sla.warning": "warning"}
    return PanelData(
        items=[
            PanelItem(
                title=n.title,
                url=n.url or reverse("notifications:inbox"),
                detail=n.body[:120],
                when=n.created_at,
                tone=tones.get(n.kind, ""),
            )
            for n in rows
        ],
        total=total,
        more_url=reverse("notifications:inbox") + "?box=unread",
    )
