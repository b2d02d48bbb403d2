"""A supervisor's team today: who is away (and who stands in), open and breached
requests per manager, each a click from the manager's scorecard."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.users.models import Absence, Role, User


def provide(*, user: User, now: dt.datetime) -> PanelData:
    away = Absence.objects.filter(user=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now)
    qs = User.objects.filter(team__supervisor=user, role=Role.MANAGER, is_active=True).annotate(
        away=Exists(away), customers=Count("managed_customers", distinct=True)
    )
    if apps.is_installed("kamdesk.tickets"):
        from kamdesk.tickets.models import OPEN_STATUSES

        open_q = Q(owned_requests__status__in=OPEN_STATUSES)
        qs = qs.annotate(
            open_requests=Count("owned_requests", filter=open_q, distinct=True),
            breached=Count(
                "owned_requests",
                filter=open_q & Q(owned_requests__breached_at__isnull=False),
                distinct=True,
            ),
        )
    members = list(qs.order_by("username"))
    return PanelData(items=[_item(m) for m in members], total=len(members))


def _item(member: User) -> PanelItem:
    parts = [_("%(count)s customers") % {"count": member.customers}]  # type: ignore[attr-defined]
    if hasattr(member, "open_requests"):
        parts.append(_("%(count)s open requests") % {"count": member.open_requests})
    breached = getattr(member, "breached", 0)
    if breached:
        parts.append(_("%(count)s breached") % {"count": breached})
    try:
        url = reverse("scorecards:manager", args=[member.pk])
    except NoReverseMatch:
        url = reverse("customers:list") + f"?manager={member.username}"
    return PanelItem(
        title=str(member),
        url=url,
        detail=" · ".join(parts),
        tone="danger" if breached else ("warning" if member.away else ""),  # type: ignore[attr-defined]
        badge=_("Away") if member.away else "",  # type: ignore[attr-defined]
    )
