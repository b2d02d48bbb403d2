"""The supervisor's breach board and the SLA reports (with their spreadsheet export)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kamdesk.audit.services import audit_record
from kamdesk.audit.watermark import export_mark
from kamdesk.tickets.reports import report_xlsx, sla_report
from kamdesk.tickets.selectors import breach_board
from kamdesk.tickets.views.common import client_ip, require
from kamdesk.users.http import StaffRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def breaches(request: StaffRequest) -> HttpResponse:
    require(request, "list")
    now = timezone.now()
    return render(
        request,
        "tickets/breaches.html",
        {"board": breach_board(user=request.user, now=now), "now": now},
    )


def _period(request: StaffRequest) -> tuple[dt.date, dt.date, dict[str, str]]:
    """The report's period from ``start`` and ``end`` (YYYY-MM-DD; absent: the last six
    months); a value that is not a date is reported by field, never silently replaced."""
    today = timezone.localdate()
    defaults = {
        "start": (today.replace(day=1) - dt.timedelta(days=150)).replace(day=1),
        "end": today,
    }
    labels = {"start": _("From"), "end": _("To")}
    values, errors = dict(defaults), {}
    for name in ("start", "end"):
        text = request.GET.get(name, "").strip()
        if not text:
            continue
        try:
            values[name] = dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = _("%(field)s: “%(value)s” is not a date (YYYY-MM-DD).") % {
                "field": labels[name],
                "value": text[:20],
            }
    if errors:
        return defaults["start"], defaults["end"], errors
    start, end = values["start"], values["end"]
    return (start, end, {}) if start <= end else (end, start, {})


@require_GET
def reports(request: StaffRequest) -> HttpResponse:
    require(request, "view", "sla_report")
    start, end, errors = _period(request)
    if errors and request.GET.get("export") == "xlsx":
        return HttpResponse(" ".join(errors.values()), status=422, content_type="text/plain")
    report = sla_report(user=request.user, start=start, end=end)
    if request.GET.get("export") == "xlsx":
        require(request, "export", "sla_report")
        audit_record(
            actor=request.user,
            action="report.sla.exported",
            ip=client_ip(request),
            extra={"start": start.isoformat(), "end": end.isoformat()},
        )
        response = HttpResponse(report_xlsx(report, export_mark(request.user)), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="sla-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        )
        return response
    return render(
        request,
        "tickets/reports.html",
        {"report": report, "errors": errors},
        status=422 if errors else 200,
    )
