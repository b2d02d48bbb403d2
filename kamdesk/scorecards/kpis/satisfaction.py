"""Satisfaction from the independent surveys the system sends the customer's contact."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, bounds
from kamdesk.scorecards.period import Period


def _answered(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.tickets.models import Survey

    start, end = bounds(period)
    return Survey.objects.filter(
        scope.on("ticket__owner_id"),
        status="answered",
        answered_at__gte=start,
        answered_at__lt=end,
        score__isnull=False,
    )


def compute(scope: Scope, period: Period) -> Measure:
    counts = {
        row["score"]: row["n"]
        for row in _answered(scope, period).values("score").annotate(n=Count("pk"))
    }
    answers = sum(counts.values())
    total = sum(score * n for score, n in counts.items())
    value = (Decimal(total) / answers).quantize(Decimal("0.01")) if answers else None
    return Measure(
        value=value,
        numerator=Decimal(total),
        denominator=Decimal(answers),
        distribution={str(s): counts.get(s, 0) for s in range(1, 6)},
    )


def records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = _answered(scope, period).select_related("ticket__customer").order_by("answered_at")
    return [
        DrillRow(
            label=f"{s.ticket.number} {s.ticket.title}",
            url=reverse("tickets:detail", args=[s.ticket_id]),
            value=str(s.score),
            detail=s.ticket.customer.name,
        )
        for s in rows[:500]
    ]


KPIS = [
    KpiSpec(
        code="satisfaction",
        label=gettext_lazy("Satisfaction (surveys, 1–5)"),
        definition=gettext_lazy(
            "Average score of the satisfaction surveys answered in the period by customers' "
            "contacts about the manager's requests, with the number of answers per score."
        ),
        unit="score",
        app="kamdesk.tickets",
        compute=compute,
        records=records,
    )
]
