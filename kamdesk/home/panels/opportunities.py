"""Open opportunities of the adviser, the most valuable first."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kamdesk.core.money import format_yuan
from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

LIMIT = 6


def available() -> bool:
    from kamdesk.advisor import selectors

    return hasattr(selectors, "opportunities_visible_to")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.advisor.selectors import opportunities_visible_to

    qs = opportunities_visible_to(user=user, status="open")
    rows = list(qs[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(
        items=[
            PanelItem(
                title=o.title,
                url=record_url("advisor:opportunity", o.pk, o.customer_id),
                customer=o.customer.name,
                detail=_("Worth %(value)s a year") % {"value": format_yuan(o.estimated_value)},
                when=o.found_on,
            )
            for o in rows
        ],
        total=total,
    )
