"""Requests about to breach (issue 5's SLA clocks): breached, past warning, or due within
a day, soonest deadline first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.users.models import User

if TYPE_CHECKING:
    from kamdesk.tickets.models import Ticket

HORIZON = dt.timedelta(hours=24)
LIMIT = 8


def available() -> bool:
    from kamdesk.tickets import selectors

    return hasattr(selectors, "tickets_visible_to")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.tickets.models import OPEN_STATUSES
    from kamdesk.tickets.selectors import tickets_visible_to

    qs = (
        tickets_visible_to(user=user)
        .filter(status__in=OPEN_STATUSES)
        .filter(Q(breached_at__isnull=False) | Q(warn_at__lte=now) | Q(due_at__lte=now + HORIZON))
    )
    rows = list(qs.order_by("due_at", "pk")[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(
        items=[_item(t, now) for t in rows],
        total=total,
        more_url=reverse("tickets:list") + "?status=open",
    )


def _item(ticket: Ticket, now: dt.datetime) -> PanelItem:
    breached = ticket.breached_at is not None or bool(ticket.due_at and ticket.due_at <= now)
    return PanelItem(
        title=f"{ticket.number} {ticket.title}",
        url=reverse("tickets:detail", args=[ticket.pk]),
        customer=ticket.customer.name,
        detail=str(ticket.owner),
        when=ticket.due_at,
        tone="danger" if breached else "warning",
        badge=_("Breached") if breached else _("About to breach"),
    )
