"""Today's and this week's visits, in route order (visits' ``visits_between``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

LIMIT = 12


def available() -> bool:
    from kamdesk.visits import selectors

    return hasattr(selectors, "visits_between")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.visits.models import OPEN_VISIT_STATUSES
    from kamdesk.visits.selectors import visits_between

    today = timezone.localdate(now)
    week_end = today + dt.timedelta(days=6 - today.weekday())
    # In scope: the user's own visits and, while a manager is away, those of the
    # customers the user backs up; a supervisor sees the team's.
    qs = visits_between(user=user, start=today, end=week_end).filter(status__in=OPEN_VISIT_STATUSES)
    rows = list(qs[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(items=[_item(v, today) for v in rows], total=total)


def _item(visit: object, today: dt.date) -> PanelItem:
    planned = visit.planned_date  # type: ignore[attr-defined]
    when: dt.date | dt.datetime = planned
    if visit.planned_time:  # type: ignore[attr-defined]
        when = timezone.make_aware(dt.datetime.combine(planned, visit.planned_time))  # type: ignore[attr-defined]
    badge = _("Today") if planned == today else ""
    if visit.route_order and planned == today:  # type: ignore[attr-defined]
        badge = _("Stop %(n)s today") % {"n": visit.route_order}  # type: ignore[attr-defined]
    return PanelItem(
        title=visit.purpose or visit.get_kind_display(),  # type: ignore[attr-defined]
        url=record_url("visits:detail", visit.pk, visit.customer_id),  # type: ignore[attr-defined]
        customer=visit.customer.name,  # type: ignore[attr-defined]
        detail=str(visit.manager),  # type: ignore[attr-defined]
        when=when,
        tone="danger" if visit.status == "overdue" else ("info" if planned == today else ""),  # type: ignore[attr-defined]
        badge=badge,
    )
