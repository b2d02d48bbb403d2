"""Commitments still to keep that are due within a week or overdue, earliest first."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

HORIZON_DAYS = 7
LIMIT = 8


def available() -> bool:
    from kamdesk.commitments import selectors

    return hasattr(selectors, "commitments_visible_to")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.commitments.models import PENDING_STATUSES
    from kamdesk.commitments.selectors import commitments_visible_to

    today = timezone.localdate(now)
    qs = commitments_visible_to(user=user).filter(
        status__in=PENDING_STATUSES, due_on__lte=today + dt.timedelta(days=HORIZON_DAYS)
    )
    rows = list(qs.select_related("customer").order_by("due_on", "pk")[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(
        items=[_item(c, today) for c in rows], total=total, more_url=reverse("commitments:list")
    )


def _item(commitment: object, today: dt.date) -> PanelItem:
    due = commitment.due_on  # type: ignore[attr-defined]
    overdue = due < today
    return PanelItem(
        title=commitment.title,  # type: ignore[attr-defined]
        url=record_url("commitments:detail", commitment.pk, commitment.customer_id),  # type: ignore[attr-defined]
        customer=commitment.customer.name,  # type: ignore[attr-defined]
        when=due,
        tone="danger" if overdue else ("warning" if due == today else ""),
        badge=_("Overdue") if overdue else (_("Due today") if due == today else ""),
    )
