"""/api/v1/kpis: every figure of a scorecard with its definition, scoped like the pages
(a manager only themself, a supervisor their teams, the province with its permission)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.schemas import MAX_ID, ApiRequest, DetailOut, ErrorsOut
from kamdesk.scorecards.period import PeriodError, period_parse
from kamdesk.scorecards.selectors import Figure, scope_for, scorecard_of

router = Router(tags=["kpis"])


class KpiQuery(Schema):
    scope: Literal["manager", "team", "province"] = Field(description="Whose scorecard.")
    id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The manager's or team's id; omitted for the province."
    )
    from_: dt.date | None = Field(None, alias="from", description="First day, YYYY-MM-DD.")
    to: dt.date | None = Field(None, description="Last day, YYYY-MM-DD.")


class MeasureOut(Schema):
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal | None


class FigureOut(Schema):
    code: str
    label: str
    definition: str
    unit: str
    higher_is_better: bool
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal | None
    distribution: dict[str, int]
    previous: MeasureOut
    year_to_date: MeasureOut
    target: Decimal | None
    weight: Decimal


class ScorecardOut(Schema):
    scope: str
    id: int | None
    label: str
    from_: dt.date = Field(alias="from")
    to: dt.date
    score: Decimal | None
    figures: list[FigureOut]


def _measure(m: object) -> dict[str, object]:
    return {"value": m.value, "numerator": m.numerator, "denominator": m.denominator}  # type: ignore[attr-defined]


def _figure(f: Figure) -> dict[str, object]:
    return {
        "code": f.spec.code,
        "label": str(f.spec.label),
        "definition": str(f.spec.definition),
        "unit": f.spec.unit,
        "higher_is_better": f.spec.higher_is_better,
        **_measure(f.current),
        "distribution": f.current.distribution,
        "previous": _measure(f.previous),
        "year_to_date": _measure(f.year_to_date),
        "target": f.target,
        "weight": f.weight,
    }


@router.get(
    "/kpis",
    response={200: ScorecardOut, 401: DetailOut, 404: DetailOut, 422: ErrorsOut},
    by_alias=True,
)
def get_kpis(request: ApiRequest, params: Query[KpiQuery]):  # type: ignore[no-untyped-def]
    """Every KPI of the scorecard over the period (this month so far by default), with the
    previous period of the same length, the year to date, targets and the score."""
    if params.scope != "province" and params.id is None:
        raise ValidationFailed({"id": ["Give the manager's or team's id."]})
    if params.scope == "province" and params.id is not None:
        raise ValidationFailed({"id": ["Omit the id for the province."]})
    try:
        period = period_parse(
            params.from_.isoformat() if params.from_ else "",
            params.to.isoformat() if params.to else "",
            timezone.localdate(),
        )
    except PeriodError as exc:
        raise ValidationFailed({exc.field: [str(exc)]}) from exc
    try:
        scope = scope_for(user=request.auth, kind=params.scope, scope_id=params.id)
    except Http404:
        return Status(404, {"detail": "Not found."})
    card = scorecard_of(scope=scope, period=period)
    return Status(
        200,
        {
            "scope": scope.kind,
            "id": scope.id,
            "label": scope.label,
            "from": period.start,
            "to": period.end,
            "score": card.score,
            "figures": [_figure(f) for f in card.figures],
        },
    )
