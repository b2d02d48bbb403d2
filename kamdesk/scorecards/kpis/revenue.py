"""Revenue of the portfolio, its retention against the start-of-year snapshot
(拍照收入保有率), and ARPU. Revenue is the total of the customers' current bill versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kamdesk.core.money import format_yuan
from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, ratio
from kamdesk.scorecards.period import Period

CENT = Decimal("0.01")


def _bills(scope: Scope, months: list[dt.date]):  # type: ignore[no-untyped-def]
    from kamdesk.usage.models import Bill

    return Bill.objects.filter(scope.on("customer__manager_id"), month__in=months, is_current=True)


def _yuan(fen: int | Decimal) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


def revenue_compute(scope: Scope, period: Period) -> Measure:
    fen = _bills(scope, period.months()).aggregate(t=Sum("total_fen"))["t"] or 0
    return Measure(value=_yuan(fen), numerator=_yuan(fen))


def revenue_records(scope: Scope, period: Period) -> list[DrillRow]:
    rows = (
        _bills(scope, period.months())
        .values("customer_id", "customer__name")
        .annotate(t=Sum("total_fen"))
        .order_by("-t")[:500]
    )
    return [
        DrillRow(
            label=r["customer__name"],
            url=reverse("customers:detail", args=[r["customer_id"]]),
            value=format_yuan(_yuan(r["t"])),
        )
        for r in rows
    ]


def snapshot_of(scope: Scope, year: int) -> dict[int, int]:
    """Customer id → start-of-year monthly revenue (fen), for customers now in scope.

    From the snapshot table when the year's snapshot was taken; otherwise from the
    December bills of the year before (what the snapshot would hold)."""
    from kamdesk.customers.models import Customer
    from kamdesk.scorecards.models import RevenueSnapshot

    in_scope = Customer.objects.filter(scope.on("manager_id")).values("pk")
    if RevenueSnapshot.objects.filter(year=year).exists():
        rows = RevenueSnapshot.objects.filter(year=year, customer_id__in=in_scope)
        return {r.customer_id: r.revenue_fen for r in rows}
    return december_revenue(year - 1, Q(customer_id__in=in_scope))


def december_revenue(year: int, where: Q) -> dict[int, int]:
    from kamdesk.usage.models import Bill

    rows = (
        Bill.objects.filter(where, month=dt.date(year, 12, 1), is_current=True)
        .values("customer_id")
        .annotate(t=Sum("total_fen"))
    )
    return {r["customer_id"]: int(r["t"] or 0) for r in rows}


def _retained(scope: Scope, period: Period) -> tuple[dict[int, int], dict[int, int]]:
    from kamdesk.usage.models import Bill

    base = snapshot_of(scope, period.end.year)
    now = (
        Bill.objects.filter(customer_id__in=list(base), month=period.last_month, is_current=True)
        .values("customer_id")
        .annotate(t=Sum("total_fen"))
    )
    return base, {r["customer_id"]: int(r["t"] or 0) for r in now}


def retention_compute(scope: Scope, period: Period) -> Measure:
    base, now = _retained(scope, period)
    return ratio(_yuan(sum(now.values())), _yuan(sum(base.values())))


def retention_records(scope: Scope, period: Period) -> list[DrillRow]:
    from kamdesk.customers.models import Customer

    base, now = _retained(scope, period)
    names = dict(Customer.objects.filter(pk__in=list(base)).values_list("pk", "name"))
    rows = sorted(base.items(), key=lambda kv: now.get(kv[0], 0) - kv[1])
    return [
        DrillRow(
            label=names.get(cid, str(cid)),
            url=reverse("customers:detail", args=[cid]),
            value=f"{format_yuan(_yuan(now.get(cid, 0)))} / {format_yuan(_yuan(fen))}",
        )
        for cid, fen in rows[:500]
    ]


def active_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def arpu_compute(scope: Scope, period: Period) -> Measure:
    from kamdesk.customers.models import Subscriber

    fen = _bills(scope, [period.last_month]).aggregate(t=Sum("total_fen"))["t"] or 0
    subscribers = Subscriber.objects.filter(
        scope.on("customer__manager_id"), active_on(period.end)
    ).count()
    return ratio(_yuan(fen), subscribers, scale=1)


KPIS = [
    KpiSpec(
        code="revenue",
        label=gettext_lazy("Revenue of the portfolio"),
        definition=gettext_lazy(
            "Total of the current bill versions of the manager's customers for the months "
            "the period touches (yuan)."
        ),
        unit="yuan",
        app="kamdesk.usage",
        compute=revenue_compute,
        records=revenue_records,
    ),
    KpiSpec(
        code="revenue_retention",
        label=gettext_lazy("Revenue retention against the start of the year (拍照收入保有率)"),
        definition=gettext_lazy(
            "Revenue, in the last month of the period, of the customers in the start-of-year "
            "snapshot, divided by their revenue in the snapshot (their December bills of "
            "the year before), for the customers the manager holds now."
        ),
        unit="percent",
        app="kamdesk.usage",
        compute=retention_compute,
        records=retention_records,
    ),
    KpiSpec(
        code="arpu",
        label=gettext_lazy("ARPU"),
        definition=gettext_lazy(
            "Revenue of the last month of the period divided by the subscribers active on "
            "the last day of the period (yuan per subscriber)."
        ),
        unit="yuan",
        app="kamdesk.usage",
        compute=arpu_compute,
        records=revenue_records,
    ),
]
