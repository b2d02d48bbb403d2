"""Open risk alerts and this month's and last month's anomalies, newest first.

The risk capability has no selectors module yet: this provider reads its models
read-only, scoped through ``customers_visible_to`` like every other read."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.home.panels._links import record_url
from kamdesk.users.models import User

LIMIT = 8
NEW_DAYS = 14


def available() -> bool:
    from kamdesk.risk import models

    return hasattr(models, "RiskAlert")


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.customers.selectors import customers_visible_to
    from kamdesk.risk.models import AlertStatus, RiskAlert

    visible = customers_visible_to(user=user, kind="risk").values("pk")
    qs = RiskAlert.objects.filter(customer__in=visible, status=AlertStatus.OPEN).filter(
        created_at__gte=now - dt.timedelta(days=NEW_DAYS)
    )
    rows = list(qs.select_related("customer").order_by("-created_at", "-pk")[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else qs.count()
    return PanelData(items=[_item(a) for a in rows], total=total)


def _item(alert: object) -> PanelItem:
    return PanelItem(
        title=alert.detail or alert.trigger,  # type: ignore[attr-defined]
        url=record_url("risk:alert", alert.pk, alert.customer_id),  # type: ignore[attr-defined]
        customer=alert.customer.name,  # type: ignore[attr-defined]
        when=alert.due_at or alert.created_at,  # type: ignore[attr-defined]
        tone="danger" if alert.visit_required else "warning",  # type: ignore[attr-defined]
        badge=_("Retention visit required") if alert.visit_required else _("Risk"),  # type: ignore[attr-defined]
    )
