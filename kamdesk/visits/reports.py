"""Coverage: per manager and team, visits done on time, late and missed against the
plan, the verified share, and the share of customers visited within their policy period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Max, Value, When
from django.utils import timezone

from kamdesk.customers.selectors import customers_visible_to
from kamdesk.users.models import User
from kamdesk.visits.models import Visit, VisitPolicy, VisitStatus
from kamdesk.visits.planning import add_months
from kamdesk.visits.selectors import verified_q, visits_visible_to


@dataclass
class CoverageRow:
    key: str
    label: str
    team: str = ""
    planned: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0
    dropped: int = 0
    verified: int = 0
    customers: int = 0
    covered: int = 0
    manager_ids: set[int] = field(default_factory=set)

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def verified_share(self) -> float | None:
        return self.verified / self.done if self.done else None

    @property
    def covered_share(self) -> float | None:
        return self.covered / self.customers if self.customers else None

    @property
    def on_time_share(self) -> float | None:
        counted = self.planned - self.open
        return self.on_time / counted if counted > 0 else None


def _bucket(status: str, completed_at: dt.datetime | None, due: dt.date) -> str:
    if status == VisitStatus.COMPLETED and completed_at is not None:
        return "on_time" if timezone.localtime(completed_at).date() <= due else "late"
    if status in (VisitStatus.MISSED, VisitStatus.OVERDUE):
        return "missed"
    if status == VisitStatus.CANCELLED:
        return "dropped"
    return "open"


def coverage(
    *, user: User, start: dt.date, end: dt.date
) -> tuple[list[CoverageRow], list[CoverageRow]]:
    """(per manager, per team) for visits planned from ``start`` to ``end``."""
    visits = (
        visits_visible_to(user=user)
        .filter(planned_date__gte=start, planned_date__lte=end)
        .annotate(
            verified=Case(
                When(verified_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values_list("manager_id", "status", "completed_at", "planned_date", "due_by", "verified")
    )
    rows: dict[int, CoverageRow] = {}
    for manager_id, status, completed_at, planned, due_by, verified in visits:
        row = rows.setdefault(manager_id, CoverageRow(key=str(manager_id), label=""))
        bucket = _bucket(status, completed_at, due_by or planned)
        setattr(row, bucket, getattr(row, bucket) + 1)
        if bucket != "dropped":
            row.planned += 1
        if bucket in ("on_time", "late") and verified:
            row.verified += 1
    _customer_coverage(user, end, rows)
    managers = User.objects.filter(pk__in=list(rows)).select_related("team")
    for m in managers:
        rows[m.pk].label = str(m)
        rows[m.pk].team = m.team.name if m.team else ""
    per_manager = sorted(rows.values(), key=lambda r: (r.team, r.label))
    return per_manager, _teams(per_manager)


def _customer_coverage(user: User, end: dt.date, rows: dict[int, CoverageRow]) -> None:
    policies = dict(
        VisitPolicy.objects.filter(is_active=True).values_list("grade_id", "every_months")
    )
    last = dict(
        Visit.objects.filter(status=VisitStatus.COMPLETED, planned_date__lte=end)
        .values("customer_id")
        .annotate(d=Max("planned_date"))
        .values_list("customer_id", "d")
    )
    customers = (
        customers_visible_to(user=user)
        .filter(manager__isnull=False)
        .values_list("pk", "manager_id", "grade_id")
    )
    for pk, manager_id, grade_id in customers:
        months = policies.get(grade_id)
        if not months:
            continue
        row = rows.setdefault(manager_id, CoverageRow(key=str(manager_id), label=""))
        row.customers += 1
        seen = last.get(pk)
        if seen is not None and add_months(seen, months) > end:
            row.covered += 1


def _teams(per_manager: list[CoverageRow]) -> list[CoverageRow]:
    teams: dict[str, CoverageRow] = defaultdict(lambda: CoverageRow(key="", label=""))
    for r in per_manager:
        t = teams[r.team]
        t.key = t.label = t.team = r.team
        for name in (
            "planned",
            "on_time",
            "late",
            "missed",
            "open",
            "dropped",
            "verified",
            "customers",
            "covered",
        ):
            setattr(t, name, getattr(t, name) + getattr(r, name))
    return sorted(teams.values(), key=lambda r: r.label)
