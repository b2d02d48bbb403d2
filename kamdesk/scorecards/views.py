"""Scorecard pages: one manager's, a team's side by side, the province's; drill-downs,
spreadsheet export (audited) and the administrator's targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.core.errors import ValidationFailed
from kamdesk.scorecards.kpis import kpis_available
from kamdesk.scorecards.period import Period, PeriodError, period_parse
from kamdesk.scorecards.selectors import (
    TREND_CODES,
    TrendPoint,
    default_scope,
    drill_rows,
    scope_for,
    scorecard_of,
    targets,
    team_managers,
    trend_of,
)
from kamdesk.scorecards.services import scorecard_export, targets_save
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: StaffRequest) -> tuple[Period, str]:
    today = timezone.localdate()
    try:
        return period_parse(request.GET.get("from", ""), request.GET.get("to", ""), today), ""
    except PeriodError as exc:
        return period_parse("", "", today), str(exc)


@require_GET
def start(request: StaffRequest) -> HttpResponse:
    where = default_scope(user=request.user)
    if where is None:
        raise Http404
    kind, scope_id = where
    if kind == "province":
        return redirect("scorecards:province")
    return redirect(f"scorecards:{kind}", scope_id)


def _card_page(request: StaffRequest, kind: str, scope_id: int | None) -> HttpResponse:
    scope = scope_for(user=request.user, kind=kind, scope_id=scope_id)
    period, error = _period(request)
    card = scorecard_of(scope=scope, period=period)
    members = []
    if kind == "team":
        members = [
            scorecard_of(
                scope=scope_for(user=request.user, kind="manager", scope_id=m.pk),
                period=period,
                compare=False,
            )
            for m in team_managers(scope=scope)
        ]
    context = {
        "card": card,
        "members": members,
        "period_error": error,
        "may_export": can(request.user, "export", "kpi"),
        "query": request.GET.urlencode(),
    }
    return render(request, "scorecards/card.html", context)


@require_GET
def trend(request: StaffRequest, kind: str) -> HttpResponse:
    """The month-by-month chart and its numbers, loaded after the scorecard (htmx)."""
    scope_id = request.GET.get("id")
    scope = scope_for(
        user=request.user,
        kind=kind,
        scope_id=int(scope_id) if scope_id and scope_id.isdigit() else None,
    )
    period, _error = _period(request)
    points = trend_of(scope=scope, end=period.end)
    context = {"trend": points, "trend_data": _trend_data(points)}
    return render(request, "scorecards/_trend.html", context)


def _trend_data(trend: list[TrendPoint]) -> dict[str, object]:
    labels = {s.code: str(s.label) for s in kpis_available()}
    series: list[dict[str, object]] = [
        {"name": _("Score"), "values": [_float(p.score) for p in trend]}
    ]
    for code in TREND_CODES:
        if code in labels:
            series.append(
                {"name": labels[code], "values": [_float(p.values.get(code)) for p in trend]}
            )
    return {"months": [p.month for p in trend], "series": series}


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@require_GET
def manager(request: StaffRequest, manager_id: int) -> HttpResponse:
    return _card_page(request, "manager", manager_id)


@require_GET
def team(request: StaffRequest, team_id: int) -> HttpResponse:
    return _card_page(request, "team", team_id)


@require_GET
def province(request: StaffRequest) -> HttpResponse:
    return _card_page(request, "province", None)


@require_GET
def drill(request: StaffRequest, kind: str, code: str) -> HttpResponse:
    scope_id = request.GET.get("id")
    scope = scope_for(
        user=request.user,
        kind=kind,
        scope_id=int(scope_id) if scope_id and scope_id.isdigit() else None,
    )
    period, error = _period(request)
    spec, rows = drill_rows(scope=scope, period=period, code=code)
    context = {"scope": scope, "period": period, "spec": spec, "rows": rows, "period_error": error}
    return render(request, "scorecards/drill.html", context)


@require_GET
def export(request: StaffRequest, kind: str, fmt: str = "xlsx") -> HttpResponse:
    """The scorecard (a team's with each manager's) as a spreadsheet or a PDF report;
    ``?month=YYYY-MM`` picks a calendar month (the monthly report). Audited."""
    if not can(request.user, "export", "kpi"):
        raise Http404
    scope_id = request.GET.get("id")
    scope = scope_for(
        user=request.user,
        kind=kind,
        scope_id=int(scope_id) if scope_id and scope_id.isdigit() else None,
    )
    period = _month(request.GET.get("month", "")) or _period(request)[0]
    cards = [scorecard_of(scope=scope, period=period)]
    if kind == "team":
        cards += [
            scorecard_of(
                scope=scope_for(user=request.user, kind="manager", scope_id=m.pk), period=period
            )
            for m in team_managers(scope=scope)
        ]
    data = scorecard_export(actor=request.user, cards=cards, fmt=fmt)
    response = HttpResponse(data, content_type=XLSX if fmt == "xlsx" else "application/pdf")
    name = f"scorecard-{kind}-{scope.id or 'province'}-{period.start}-{period.end}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _month(text: str) -> Period | None:
    try:
        first = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        return None
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return Period(first, min(last, timezone.localdate()))


def _decimal(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


@require_http_methods(["GET", "POST"])
def target_settings(request: StaffRequest) -> HttpResponse:
    """The administrator's targets and weights of every KPI."""
    if not can(request.user, "change", "config"):
        raise Http404
    specs = kpis_available()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        rows: dict[str, tuple[Decimal | None, Decimal]] = {}
        for spec in specs:
            try:
                target = _decimal(request.POST.get(f"target_{spec.code}", ""))
                weight = _decimal(request.POST.get(f"weight_{spec.code}", "")) or Decimal(0)
            except ValueError:
                errors[spec.code] = [_("Enter a number.")]
                continue
            rows[spec.code] = (target, weight)
        if not errors:
            try:
                targets_save(actor=request.user, rows=rows)
            except ValidationFailed as exc:
                errors = exc.errors
            else:
                messages.success(request, _("Targets saved."))
                return redirect("scorecards:targets")
    current = targets()
    lines = [(s, current.get(s.code), errors.get(s.code, [])) for s in specs]
    return render(request, "scorecards/targets.html", {"lines": lines, "errors": errors})
