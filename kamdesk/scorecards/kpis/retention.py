"""Retention save rate of churn-care programmes against their control group."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, bounds
from kamdesk.scorecards.period import Period


def _decided(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    from kamdesk.risk.models import ProgrammeMember

    start, end = bounds(period)
    return ProgrammeMember.objects.filter(
        scope.on("customer__manager_id"),
        outcome__in=["saved", "lost"],
        updated_at__gte=start,
        updated_at__lt=end,
    )


def _rate(saved: int, decided: int) -> Decimal | None:
    return Decimal(saved) / decided * 100 if decided else None


def compute(scope: Scope, period: Period) -> Measure:
    rows = {
        r["control"]: r
        for r in _decided(scope, period)
        .values("control")
        .annotate(n=Count("pk"), saved=Count("pk", filter=Q(outcome="saved")))
    }
    treated, control = rows.get(False, {"n": 0, "saved": 0}), rows.get(True, {"n": 0, "saved": 0})
    t_rate, c_rate = _rate(treated["saved"], treated["n"]), _rate(control["saved"], control["n"])
    value = (
        (t_rate - c_rate).quantize(Decimal("0.01"))
        if t_rate is not None and c_rate is not None
        else None
    )
    return Measure(
        value=value,
        numerator=Decimal(treated["saved"]),
        denominator=Decimal(treated["n"]),
        distribution={
            "treated_saved": treated["saved"],
            "treated_lost": treated["n"] - treated["saved"],
            "control_saved": control["saved"],
            "control_lost": control["n"] - control["saved"],
        },
    )


def records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = _decided(scope, period).select_related("customer").order_by("control", "pk")[:500]
    return [
        DrillRow(
            label=m.customer.name,
            url=reverse("customers:detail", args=[m.customer_id]),
            value=m.get_outcome_display(),
            detail=str(m._meta.get_field("control").verbose_name) if m.control else "",
        )
        for m in rows
    ]


KPIS = [
    KpiSpec(
        code="retention_save_rate",
        label=gettext_lazy("Retention save rate against the control group"),
        definition=gettext_lazy(
            "Among churn-care programme members whose outcome was decided in the period: the "
            "share saved in the treated group minus the share saved in the control group, "
            "in percentage points."
        ),
        unit="points",
        app="kamdesk.risk",
        compute=compute,
        records=records,
    )
]
