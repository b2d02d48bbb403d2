"""SLA compliance of requests (tickets)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, bounds, ratio
from kamdesk.scorecards.period import Period


def _resolved(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.tickets.models import Ticket

    start, end = bounds(period)
    return Ticket.objects.filter(scope.on("owner_id"), resolved_at__gte=start, resolved_at__lt=end)


def compute(scope: Scope, period: Period) -> Measure:
    row = _resolved(scope, period).aggregate(
        resolved=Count("pk"), met=Count("pk", filter=Q(sla_met=True))
    )
    return ratio(row["met"], row["resolved"])


def records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = _resolved(scope, period).select_related("customer").order_by("resolved_at")[:500]
    return [
        DrillRow(
            label=f"{t.number} {t.title}",
            url=reverse("tickets:detail", args=[t.pk]),
            value=_("within the SLA") if t.sla_met else _("late"),
            detail=t.customer.name,
        )
        for t in rows
    ]


KPIS = [
    KpiSpec(
        code="requests_sla",
        label=gettext_lazy("Requests resolved within the SLA"),
        definition=gettext_lazy(
            "Requests the manager owns that were resolved in the period (whenever they were "
            "opened), and the share of them resolved before their SLA deadline."
        ),
        unit="percent",
        app="kamdesk.tickets",
        compute=compute,
        records=records,
    )
]
