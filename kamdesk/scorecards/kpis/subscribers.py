"""Subscribers retained and churned in the manager's portfolio."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kamdesk.core.masking import mask_number
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, bounds, ratio
from kamdesk.scorecards.kpis.revenue import active_on
from kamdesk.scorecards.period import Period

CHURN_EVENTS = ("cancellation", "ported_out")


def _subscribers(scope: Scope):  # type: ignore[no-untyped-def]
    from kamdesk.customers.models import Subscriber

    return Subscriber.objects.filter(scope.on("customer__manager_id"))


def retained_compute(scope: Scope, period: Period) -> Measure:
    at_start = _subscribers(scope).filter(active_on(period.start))
    kept = at_start.filter(active_on(period.end)).count()
    return ratio(kept, at_start.count())


def retained_records(scope: Scope, period: Period) -> list[DrillRow]:
    lost = (
        _subscribers(scope)
        .filter(active_on(period.start))
        .exclude(active_on(period.end))
        .select_related("customer")
        .order_by("valid_to")[:500]
    )
    return [
        DrillRow(
            label=mask_number(s.number),
            url=reverse("customers:detail", args=[s.customer_id]),
            value=str(s.valid_to or ""),
            detail=s.customer.name,
        )
        for s in lost
    ]


def _churn_events(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.usage.models import SubscriberEvent

    start, end = bounds(period)
    return SubscriberEvent.objects.filter(
        scope.on("customer__manager_id"),
        type__in=CHURN_EVENTS,
        occurred_at__gte=start,
        occurred_at__lt=end,
    )


def churned_compute(scope: Scope, period: Period) -> Measure:
    count = _churn_events(scope, period).values("subscriber_id").distinct().count()
    return Measure(value=Decimal(count), numerator=Decimal(count))


def churned_records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = _churn_events(scope, period).select_related("customer").order_by("occurred_at")[:500]
    return [
        DrillRow(
            label=mask_number(e.number),
            url=reverse("customers:detail", args=[e.customer_id]),
            value=e.get_type_display(),
            detail=e.customer.name if e.customer else "",
        )
        for e in rows
    ]


KPIS = [
    KpiSpec(
        code="subscribers_retained",
        label=gettext_lazy("Subscribers retained"),
        definition=gettext_lazy(
            "Share of the subscribers of the manager's customers active on the first day of "
            "the period that are still active on its last day."
        ),
        unit="percent",
        app="kamdesk.customers",
        compute=retained_compute,
        records=retained_records,
    ),
    KpiSpec(
        code="subscribers_churned",
        label=gettext_lazy("Subscribers churned"),
        definition=gettext_lazy(
            "Subscribers of the manager's customers cancelled or ported out in the period "
            "(operator events)."
        ),
        unit="count",
        app="kamdesk.usage",
        compute=churned_compute,
        records=churned_records,
        higher_is_better=False,
    ),
]
