"""The auditor's pages: search the trail, and export what was found."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kamdesk.audit import exports
from kamdesk.audit.forms import AuditSearchForm
from kamdesk.audit.selectors import audit_events_search
from kamdesk.audit.watermark import export_mark
from kamdesk.users.models import User
from kamdesk.users.permissions import can

PAGE_SIZE = 50


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the login middleware let only staff through
    return user


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)
    events = audit_events_search(user=_staff(request), filters=form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "can_export": can(_staff(request), "export", "audit"),
            "export_query": query.urlencode(),
        },
    )


@require_GET
def audit_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    form = AuditSearchForm(request.GET)
    if fmt not in ("csv", "xlsx") or not form.is_valid():
        raise Http404("Not found")
    filters = form.filters()
    events = audit_events_search(user=_staff(request), filters=filters, action="export")
    count = events.count()
    exports.audit_trail_exported(user=_staff(request), filters=filters, fmt=fmt, count=count)
    name = exports.export_filename()
    mark = export_mark(_staff(request))
    if fmt == "xlsx":
        return exports.xlsx_response(events, name, mark)
    return exports.csv_response(events, name, mark)
