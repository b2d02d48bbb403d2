"""Visits on time, late and missed, and the verified share of completed visits."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.home.panels._links import record_url
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, bounds, outcome_counts, ratio
from kamdesk.scorecards.period import Period


def _planned(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.visits.models import Visit

    return (
        Visit.objects.filter(
            scope.on("manager_id"), planned_date__gte=period.start, planned_date__lte=period.end
        )
        .exclude(status="cancelled")
        .select_related("customer")
    )


def visit_outcome(visit: object, today: dt.date) -> str:
    """on_time, late, missed or pending (deadline not reached and not done)."""
    deadline = visit.due_by or visit.planned_date  # type: ignore[attr-defined]
    done = visit.completed_at  # type: ignore[attr-defined]
    if done is not None:
        return "on_time" if timezone.localdate(done) <= deadline else "late"
    if visit.status == "missed" or deadline < today:  # type: ignore[attr-defined]
        return "missed"
    return "pending"


def _outcomes(scope: Scope, period: Period) -> dict[str, list[object]]:
    today = timezone.localdate()
    out: dict[str, list[object]] = {"on_time": [], "late": [], "missed": [], "pending": []}
    fields = (
        "id",
        "customer_id",
        "customer__name",
        "planned_date",
        "due_by",
        "completed_at",
        "status",
        "purpose",
    )
    for visit in _planned(scope, period).only(*fields):
        out[visit_outcome(visit, today)].append(visit)
    return out


def on_time_compute(scope: Scope, period: Period) -> Measure:
    counts = outcome_counts(
        _planned(scope, period),
        "completed_at",
        Coalesce("due_by", "planned_date"),
        Q(status="missed"),
    )
    measure = ratio(counts["on_time"], counts["on_time"] + counts["late"] + counts["missed"])
    return Measure(measure.value, measure.numerator, measure.denominator, counts)


def on_time_records(scope: Scope, period: Period) -> list[DrillRow]:
    labels = {
        "on_time": _("on time"),
        "late": _("late"),
        "missed": _("missed"),
        "pending": _("not due yet"),
    }
    rows = []
    for outcome, visits in _outcomes(scope, period).items():
        for v in visits[:500]:
            rows.append(
                DrillRow(
                    label=f"{v.planned_date} {v.purpose}".strip(),  # type: ignore[attr-defined]
                    url=record_url("visits:detail", v.pk, v.customer_id),  # type: ignore[attr-defined]
                    value=str(labels[outcome]),
                    detail=v.customer.name,  # type: ignore[attr-defined]
                )
            )
    return rows


def _completed(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.visits.models import Visit

    start, end = bounds(period)
    return Visit.objects.filter(
        scope.on("manager_id"), completed_at__gte=start, completed_at__lt=end
    )


def verified_compute(scope: Scope, period: Period) -> Measure:
    from kamdesk.visits.selectors import verified_q

    qs = _completed(scope, period)
    verified = qs.filter(verified_q()).count()  # Exists subqueries: no duplicate rows
    return ratio(verified, qs.count())


def verified_records(scope: Scope, period: Period) -> list[DrillRow]:
    from kamdesk.visits.selectors import verified_q

    verified = set(_completed(scope, period).filter(verified_q()).values_list("pk", flat=True))
    rows = _completed(scope, period).select_related("customer").order_by("completed_at")[:500]
    return [
        DrillRow(
            label=f"{v.planned_date} {v.purpose}".strip(),
            url=record_url("visits:detail", v.pk, v.customer_id),
            value=_("verified") if v.pk in verified else _("not verified"),
            detail=v.customer.name,
        )
        for v in rows
    ]


KPIS = [
    KpiSpec(
        code="visits_on_time",
        label=gettext_lazy("Visits done on time"),
        definition=gettext_lazy(
            "Visits planned in the period (not dropped) that were completed by their "
            "deadline (due date, else planned date), among those completed or past their "
            "deadline; late and missed visits are counted beside it."
        ),
        unit="percent",
        app="kamdesk.visits",
        compute=on_time_compute,
        records=on_time_records,
    ),
    KpiSpec(
        code="visits_verified",
        label=gettext_lazy("Verified share of visits"),
        definition=gettext_lazy(
            "Visits completed in the period whose presence is proven by a located check-in, "
            "the customer's confirmation code or a signature."
        ),
        unit="percent",
        app="kamdesk.visits",
        compute=verified_compute,
        records=verified_records,
    ),
]
