"""Coverage per manager and team (page and spreadsheet) and the archive download."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kamdesk.audit.services import audit_record
from kamdesk.audit.watermark import export_mark, watermark_workbook
from kamdesk.customers.selectors import customer_get
from kamdesk.users.http import StaffRequest
from kamdesk.visits import forms
from kamdesk.visits.reports import CoverageRow, coverage
from kamdesk.visits.services.archive import visits_archive
from kamdesk.visits.views.common import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: StaffRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


def coverage_view(request: StaffRequest) -> HttpResponse:
    require(request, "list")
    start, end = _period(request)
    managers, teams = coverage(user=request.user, start=start, end=end)
    return render(
        request,
        "visits/coverage.html",
        {"managers": managers, "teams": teams, "start": start, "end": end},
    )


def _share(value: float | None) -> float | str:
    return round(value * 100, 1) if value is not None else ""


def _sheet_rows(rows: list[CoverageRow]) -> list[list[object]]:
    return [
        [
            r.label,
            r.team,
            r.planned,
            r.on_time,
            r.late,
            r.missed,
            r.open,
            r.dropped,
            _share(r.verified_share),
            r.customers,
            _share(r.covered_share),
        ]
        for r in rows
    ]


def coverage_xlsx(request: StaffRequest) -> HttpResponse:
    require(request, "export")
    start, end = _period(request)
    managers, teams = coverage(user=request.user, start=start, end=end)
    head = [
        _("Name"),
        _("Team"),
        _("Planned"),
        _("On time"),
        _("Late"),
        _("Missed"),
        _("Open"),
        _("Dropped"),
        _("Verified %"),
        _("Customers with a policy"),
        _("Visited within policy %"),
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Managers"))
    for row in [head, *_sheet_rows(managers)]:
        sheet.append(row)
    team_sheet = book.create_sheet(str(_("Teams")))
    for row in [head, *_sheet_rows(teams)]:
        team_sheet.append(row)
    watermark_workbook(book, export_mark(request.user))
    out = io.BytesIO()
    book.save(out)
    audit_record(
        actor=request.user,
        action="visit.coverage_exported",
        target_type="visits.coverage",
        target_id=f"{start}..{end}",
        extra={"rows": len(managers)},
    )
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="visit-coverage-{start}-{end}.xlsx"'
    return response


def archive_view(request: StaffRequest) -> HttpResponse:
    """The archive form; a valid POST downloads the dossier and attachments as one zip."""
    require(request, "export")
    today = timezone.localdate()
    form = forms.ArchiveForm(
        request.POST or None,
        initial={
            "customer": request.GET.get("customer"),
            "start": today.replace(month=1, day=1),
            "end": today,
        },
    )
    customer = None
    cid = request.POST.get("customer") or request.GET.get("customer") or ""
    if str(cid).isdigit():
        customer = customer_get(user=request.user, customer_id=int(cid))
    if request.method == "POST" and form.is_valid() and customer is not None:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start > end:
            form.add_error("end", _("The end comes before the start."))
        else:
            archive = visits_archive(actor=request.user, customer=customer, start=start, end=end)
            response = HttpResponse(archive.bundle(), content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{archive.stem}.zip"'
            return response
    status = 422 if request.method == "POST" else 200
    return render(
        request, "visits/archive.html", {"form": form, "customer": customer}, status=status
    )
