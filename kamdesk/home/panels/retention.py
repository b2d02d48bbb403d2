"""Mandatory (retention) visits still open, with their deadline, earliest first."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

LIMIT = 8


def available() -> bool:
    from kamdesk.visits import selectors

    return hasattr(selectors, "visits_open")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.visits.selectors import visits_open

    today = timezone.localdate(now)
    qs = visits_open(user=user).exclude(required_reason="").order_by("due_by", "planned_date", "pk")
    rows = list(qs[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(items=[_item(v, today) for v in rows], total=total)


def _item(visit: object, today: dt.date) -> PanelItem:
    due = visit.due_by or visit.planned_date  # type: ignore[attr-defined]
    late = due < today
    return PanelItem(
        title=visit.get_required_reason_display(),  # type: ignore[attr-defined]
        url=record_url("visits:detail", visit.pk, visit.customer_id),  # type: ignore[attr-defined]
        customer=visit.customer.name,  # type: ignore[attr-defined]
        detail=_("Retention visit due by %(day)s") % {"day": f"{due.month}月{due.day}日"},
        when=due,
        tone="danger" if late else "warning",
        badge=_("Late") if late else _("Required"),
    )
