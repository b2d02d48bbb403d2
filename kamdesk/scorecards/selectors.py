"""Reads of scorecards, with their scope written once, here.

- a manager sees their own scorecard only;
- a supervisor sees the managers of their teams and their teams;
- the province scorecard needs the ``scorecards.view_province`` permission (granted to
  the provincial office's accounts);
- every other combination does not exist for the caller (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from kamdesk.scorecards.kpis import DrillRow, KpiSpec, Measure, Scope, kpi_get, kpis_available
from kamdesk.scorecards.models import KpiTarget
from kamdesk.scorecards.period import Period
from kamdesk.scorecards.score import Scored, weighted_score
from kamdesk.users.models import Role, Team, User
from kamdesk.users.permissions import can

SCOPES = ("manager", "team", "province")


def may_see_province(user: User) -> bool:
    return can(user, "view", "kpi") and user.has_perm("scorecards.view_province")


def scope_for(*, user: User, kind: str, scope_id: int | None) -> Scope:
    """The scope ``user`` asked for, or ``Http404`` when it is not theirs to see."""
    if not can(user, "view", "kpi") or kind not in SCOPES:
        raise Http404("No such scorecard")
    if kind == "province":
        if not may_see_province(user):
            raise Http404("No such scorecard")
        return Scope("province", None, _("Province"), None)
    if kind == "manager":
        return _manager_scope(user, scope_id)
    return _team_scope(user, scope_id)


def _manager_scope(user: User, scope_id: int | None) -> Scope:
    manager = User.objects.filter(pk=scope_id or 0, role=Role.MANAGER).first()
    allowed = manager is not None and (
        manager.pk == user.pk
        or (
            user.role == Role.SUPERVISOR
            and manager.team is not None
            and manager.team.supervisor_id == user.pk
        )
        or may_see_province(user)
    )
    if not allowed or manager is None:
        raise Http404("No such scorecard")
    return Scope("manager", manager.pk, str(manager), (manager.pk,))


def _team_scope(user: User, scope_id: int | None) -> Scope:
    team = Team.objects.filter(pk=scope_id or 0).first()
    if team is None or not (team.supervisor_id == user.pk or may_see_province(user)):
        raise Http404("No such scorecard")
    ids = tuple(team.members.filter(role=Role.MANAGER).values_list("pk", flat=True))
    return Scope("team", team.pk, team.name, ids)


def team_managers(*, scope: Scope) -> list[User]:
    if scope.manager_ids is None:
        return []
    return list(User.objects.filter(pk__in=scope.manager_ids).order_by("username"))


@dataclass(frozen=True)
class Figure:
    spec: KpiSpec
    current: Measure
    previous: Measure
    year_to_date: Measure
    target: Decimal | None
    weight: Decimal

    @property
    def change(self) -> Decimal | None:
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value


@dataclass(frozen=True)
class Scorecard:
    scope: Scope
    period: Period
    figures: list[Figure]
    score: Decimal | None


def targets() -> dict[str, KpiTarget]:
    return {t.code: t for t in KpiTarget.objects.all()}


def scorecard_of(*, scope: Scope, period: Period, compare: bool = True) -> Scorecard:
    """Every available KPI for the scope over the period, the previous period of the same
    length and the year to date, with targets and the weighted score."""
    goals = targets()
    figures = []
    for spec in kpis_available():
        goal = goals.get(spec.code)
        current = spec.compute(scope, period)
        empty = Measure(value=None)
        figures.append(
            Figure(
                spec=spec,
                current=current,
                previous=spec.compute(scope, period.previous()) if compare else empty,
                year_to_date=spec.compute(scope, period.year_to_date()) if compare else empty,
                target=goal.target if goal else None,
                weight=goal.weight if goal else Decimal(0),
            )
        )
    score = weighted_score(
        [Scored(f.current.value, f.target, f.weight, f.spec.higher_is_better) for f in figures]
    )
    return Scorecard(scope=scope, period=period, figures=figures, score=score)


def drill_rows(*, scope: Scope, period: Period, code: str) -> tuple[KpiSpec, list[DrillRow]]:
    spec = kpi_get(code)
    if spec is None:
        raise Http404("No such KPI")
    return spec, spec.records(scope, period)


def default_scope(*, user: User) -> tuple[str, int | None] | None:
    """Where ``/scorecards/`` takes the user: their own card, their team's, or none."""
    if user.role == Role.MANAGER and can(user, "view", "kpi"):
        return "manager", user.pk
    if user.role == Role.SUPERVISOR and can(user, "view", "kpi"):
        team = Team.objects.filter(supervisor=user).order_by("name").first()
        if team is not None:
            return "team", team.pk
    if may_see_province(user):
        return "province", None
    return None


TREND_CODES = ("revenue_retention", "requests_sla", "visits_on_time", "commitments_on_time")


@dataclass(frozen=True)
class TrendPoint:
    month: str
    score: Decimal | None
    values: dict[str, Decimal | None]


def trend_of(*, scope: Scope, end: dt.date, months: int = 6) -> list[TrendPoint]:
    """The score and the main percentages month by month, the last ``months`` months."""
    points = []
    first = end.replace(day=1)
    starts = []
    for _i in range(months):
        starts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    for start in reversed(starts):
        last = min(end, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
        card = scorecard_of(scope=scope, period=Period(start, last), compare=False)
        values = {f.spec.code: f.current.value for f in card.figures if f.spec.code in TREND_CODES}
        points.append(TrendPoint(month=f"{start:%Y-%m}", score=card.score, values=values))
    return points
