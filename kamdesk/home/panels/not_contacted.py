"""Customers whose last interaction (any channel, D4) is older than their policy allows,
longest silence first; customers never contacted come first."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.policy import DEFAULT_DAYS_BY_RANK, FALLBACK_DAYS
from kamdesk.users.models import User

LIMIT = 8


def available() -> bool:
    from kamdesk.customers import selectors

    return hasattr(selectors, "customers_visible_to")


def overdue_filter(now: dt.datetime) -> Q:
    """Customers whose last contact is older than their grade's policy (or who have none)."""
    ranks = list(DEFAULT_DAYS_BY_RANK)
    parts = [
        Q(grade__rank=rank, last_contact__lt=now - dt.timedelta(days=days))
        for rank, days in DEFAULT_DAYS_BY_RANK.items()
    ]
    parts.append(
        ~Q(grade__rank__in=ranks) & Q(last_contact__lt=now - dt.timedelta(days=FALLBACK_DAYS))
    )
    parts.append(Q(last_contact__isnull=True))
    return reduce(or_, parts)


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.customers.models import CustomerStatus
    from kamdesk.customers.selectors import customers_visible_to

    qs = (
        customers_visible_to(user=user, kind="interaction")
        .exclude(status__in=[CustomerStatus.CHURNED, CustomerStatus.PROSPECT])
        .annotate(last_contact=Max("interactions__occurred_at"))
        .filter(overdue_filter(now))
    )
    rows = list(qs.order_by(F("last_contact").asc(nulls_first=True), "code")[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(items=[_item(c, now) for c in rows], total=total)


def _item(customer: object, now: dt.datetime) -> PanelItem:
    last = getattr(customer, "last_contact", None)
    if last is None:
        detail = _("Never contacted")
    else:
        detail = _("%(days)s days without contact") % {"days": (now - last).days}
    return PanelItem(
        title=customer.name,  # type: ignore[attr-defined]
        url=reverse("customers:detail", args=[customer.pk]),  # type: ignore[attr-defined]
        customer=str(customer.grade),  # type: ignore[attr-defined]
        detail=detail,
        when=last,
        tone="warning",
    )
