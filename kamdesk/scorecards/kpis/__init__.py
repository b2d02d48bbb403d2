"""KPIs as providers: each module of this package defines ``KPIS``, a list of ``KpiSpec``
whose ``compute`` reads the capability's tables for a scope of managers over a period and
returns a ``Measure``; ``records`` lists what is behind the figure (the drill-down).
A KPI appears only when its capability's app is installed.

Attribution: a request, visit, commitment or order counts for the manager who owns it
now; revenue, subscribers and churn for the manager who manages the customer now (after
a handover the new manager carries the portfolio's figures).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Expression, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise

from kamdesk.scorecards.period import Period

MODULES = (
    "revenue",
    "subscribers",
    "requests",
    "satisfaction",
    "visits",
    "commitments",
    "retention",
    "opportunities",
    "orders",
    "certifications",
)


@dataclass(frozen=True)
class Scope:
    kind: str  # manager, team or province
    id: int | None
    label: str
    manager_ids: tuple[int, ...] | None  # None: the whole province

    def on(self, field_name: str) -> Q:
        """A filter on ``field_name`` (a manager foreign key) for this scope."""
        if self.manager_ids is None:
            return Q()
        return Q(**{f"{field_name}__in": self.manager_ids})


@dataclass(frozen=True)
class Measure:
    value: Decimal | None
    numerator: Decimal = Decimal(0)
    denominator: Decimal | None = None
    distribution: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DrillRow:
    label: str
    url: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class KpiSpec:
    code: str
    label: str | Promise
    definition: str | Promise
    unit: str  # percent, yuan, count, score, points
    app: str
    compute: Callable[[Scope, Period], Measure]
    records: Callable[[Scope, Period], list[DrillRow]]
    higher_is_better: bool = True


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period's first moment and the moment after its last day, local time."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def ratio(numerator: int | Decimal, denominator: int | Decimal, scale: int = 100) -> Measure:
    num, den = Decimal(numerator), Decimal(denominator)
    value = (num / den * scale).quantize(Decimal("0.01")) if den else None
    return Measure(value=value, numerator=num, denominator=den)


def outcome_counts(qs: QuerySet, done: str, deadline: Expression | F, missed: Q) -> dict[str, int]:
    """Counts of on_time, late, missed and pending rows in one query: done by the
    deadline (local date), done after it, not done and missed or past it, the rest."""
    today = timezone.localdate()
    qs = qs.annotate(_deadline=deadline, _done_on=TruncDate(done))
    finished = Q(**{f"{done}__isnull": False})
    counts = qs.aggregate(
        on_time=Count("pk", filter=finished & Q(_done_on__lte=F("_deadline"))),
        late=Count("pk", filter=finished & Q(_done_on__gt=F("_deadline"))),
        missed=Count("pk", filter=~finished & (missed | Q(_deadline__lt=today))),
        total=Count("pk"),
    )
    counts["pending"] = counts.pop("total") - counts["on_time"] - counts["late"] - counts["missed"]
    return counts


def kpis_available() -> list[KpiSpec]:
    specs: list[KpiSpec] = []
    for name in MODULES:
        module = importlib.import_module(f"kamdesk.scorecards.kpis.{name}")
        specs.extend(s for s in module.KPIS if apps.is_installed(s.app))
    return specs


def kpi_get(code: str) -> KpiSpec | None:
    return next((s for s in kpis_available() if s.code == code), None)
