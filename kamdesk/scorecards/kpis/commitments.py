"""Commitments kept on time."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.home.panels._links import record_url
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, outcome_counts, ratio
from kamdesk.scorecards.period import Period


def commitment_outcome(commitment: object, today: dt.date) -> str:
    """kept (by the due date), late (kept after it), broken (due and not kept) or pending."""
    due = commitment.due_on  # type: ignore[attr-defined]
    kept = commitment.fulfilled_at  # type: ignore[attr-defined]
    if kept is not None:
        return "kept" if timezone.localdate(kept) <= due else "late"
    return "broken" if due < today else "pending"


def _due(scope: Scope, period: Period) -> dict[str, list[object]]:
    from kamdesk.commitments.models import Commitment

    qs = (
        Commitment.objects.filter(
            scope.on("owner_id"), due_on__gte=period.start, due_on__lte=period.end
        )
        .exclude(status="cancelled")
        .select_related("customer")
    )
    today = timezone.localdate()
    out: dict[str, list[object]] = {"kept": [], "late": [], "broken": [], "pending": []}
    for c in qs:
        out[commitment_outcome(c, today)].append(c)
    return out


def compute(scope: Scope, period: Period) -> Measure:
    from kamdesk.commitments.models import Commitment

    qs = Commitment.objects.filter(
        scope.on("owner_id"), due_on__gte=period.start, due_on__lte=period.end
    ).exclude(status="cancelled")
    c = outcome_counts(qs, "fulfilled_at", F("due_on"), Q(pk__in=[]))
    counts = {
        "kept": c["on_time"],
        "late": c["late"],
        "broken": c["missed"],
        "pending": c["pending"],
    }
    m = ratio(counts["kept"], counts["kept"] + counts["late"] + counts["broken"])
    return Measure(m.value, m.numerator, m.denominator, counts)


def records(scope: Scope, period: Period) -> list[DrillRow]:
    labels = {
        "kept": _("kept on time"),
        "late": _("kept late"),
        "broken": _("not kept"),
        "pending": _("not due yet"),
    }
    return [
        DrillRow(
            label=c.title,  # type: ignore[attr-defined]
            url=record_url("commitments:detail", c.pk, c.customer_id),  # type: ignore[attr-defined]
            value=str(labels[outcome]),
            detail=c.customer.name,  # type: ignore[attr-defined]
        )
        for outcome, rows in _due(scope, period).items()
        for c in rows[:500]
    ]


KPIS = [
    KpiSpec(
        code="commitments_on_time",
        label=gettext_lazy("Commitments kept on time"),
        definition=gettext_lazy(
            "Commitments due in the period (by their agreed due date, not cancelled) that "
            "were fulfilled by that date, among those fulfilled or past due."
        ),
        unit="percent",
        app="kamdesk.commitments",
        compute=compute,
        records=records,
    )
]
