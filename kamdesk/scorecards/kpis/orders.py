"""Orders completed (confirmed by BOSS)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy

from kamdesk.home.panels._links import record_url
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, bounds
from kamdesk.scorecards.period import Period


def _completed(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.orders.models import Order

    start, end = bounds(period)
    return Order.objects.filter(
        scope.on("owner_id"),
        status="confirmed",
        boss_answered_at__gte=start,
        boss_answered_at__lt=end,
    )


def compute(scope: Scope, period: Period) -> Measure:
    n = _completed(scope, period).count()
    return Measure(value=Decimal(n), numerator=Decimal(n))


def records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = _completed(scope, period).select_related("customer").order_by("boss_answered_at")[:500]
    return [
        DrillRow(
            label=str(o),
            url=record_url("orders:detail", o.pk, o.customer_id),
            value=str(o.boss_answered_at.date() if o.boss_answered_at else ""),
            detail=o.customer.name,
        )
        for o in rows
    ]


KPIS = [
    KpiSpec(
        code="orders_completed",
        label=gettext_lazy("Orders completed"),
        definition=gettext_lazy("Orders of the manager confirmed by BOSS in the period."),
        unit="count",
        app="kamdesk.orders",
        compute=compute,
        records=records,
    )
]
