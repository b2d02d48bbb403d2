"""Opportunities converted (accepted or turned into a proposal)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from kamdesk.home.panels._links import record_url
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, ratio
from kamdesk.scorecards.period import Period

CONVERTED = ("accepted", "proposed")


def _found(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.advisor.models import Opportunity

    return Opportunity.objects.filter(
        scope.on("customer__manager_id"), found_on__gte=period.start, found_on__lte=period.end
    )


def compute(scope: Scope, period: Period) -> Measure:
    row = _found(scope, period).aggregate(
        n=Count("pk"), won=Count("pk", filter=Q(status__in=CONVERTED))
    )
    return ratio(row["won"], row["n"])


def records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = _found(scope, period).select_related("customer").order_by("found_on")[:500]
    return [
        DrillRow(
            label=o.title,
            url=record_url("advisor:opportunity", o.pk, o.customer_id),
            value=o.get_status_display(),
            detail=o.customer.name,
        )
        for o in rows
    ]


KPIS = [
    KpiSpec(
        code="opportunities_converted",
        label=gettext_lazy("Opportunities converted"),
        definition=gettext_lazy(
            "Opportunities found in the period for the manager's customers that were "
            "accepted or turned into a proposal."
        ),
        unit="percent",
        app="kamdesk.advisor",
        compute=compute,
        records=records,
    )
]
