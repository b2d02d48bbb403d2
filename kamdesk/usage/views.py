"""Usage pages: the panel on the customer 360 page (loaded with htmx) and its export,
a subscriber's own usage page, and a subscriber's itemised records of one month.

Each view checks access through the selectors (scope, then the kind of data: ``usage``
for figures, ``call_record`` for itemised records); outside them it answers 404 like
any other page. Viewing itemised records and exporting are audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kamdesk.audit.context import client_address
from kamdesk.audit.watermark import export_mark
from kamdesk.customers.selectors import kind_require, subscriber_get
from kamdesk.security.unmask import unmask_open
from kamdesk.usage import selectors, summary
from kamdesk.usage.exports import usage_workbook
from kamdesk.usage.parsing import CellProblem, parse_month
from kamdesk.usage.services import bills_viewed, usage_exported, usage_records_viewed
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECORDS_PAGE_SIZE = 50
EVENTS_PAGE_SIZE = 25


def _month_param(request: StaffRequest) -> dt.date | None:
    text = request.GET.get("month", "")
    if not text:
        return None
    try:
        return parse_month(text)
    except CellProblem as exc:
        raise Http404("No such month") from exc


def _page_number(request: StaffRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def chart_labels() -> dict[str, str]:
    return {
        "voice": _("Voice"),
        "sms": _("SMS"),
        "data": _("Data"),
        "other": _("Other"),
        "total": _("Spend (yuan)"),
        "voice_minutes": _("Voice minutes"),
        "sms_count": _("SMS"),
        "data_mb": _("Data (MB)"),
        "mom": _("Month on month (%)"),
        "yoy": _("Year on year (%)"),
    }


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    """The usage panel of the 360 page; empty for a role that may not see usage."""
    kind_require(user=request.user, action="view", kind="usage")
    figures = summary.customer_usage(
        user=request.user, customer_id=customer_id, month=_month_param(request)
    )
    if figures.shows_bills:
        bills_viewed(
            actor=request.user,
            customer_id=figures.customer.pk,
            months=[line.month for line in figures.lines],
            ip=client_address(request),
        )
    context: dict[str, Any] = {
        "usage": figures,
        "customer": figures.customer,
        "charts": summary.chart_data(figures.lines, chart_labels()),
        "can_export": can(request.user, "export", "usage"),
        "can_view_records": can(request.user, "view", "call_record"),
    }
    return render(request, "usage/_customer_panel.html", context)


@require_GET
def customer_export(request: StaffRequest, customer_id: int) -> HttpResponse:
    if not can(request.user, "export", "usage"):
        raise PermissionDenied
    figures = summary.customer_usage(
        user=request.user, customer_id=customer_id, month=_month_param(request)
    )
    body, rows = usage_workbook(figures, mark=export_mark(request.user))
    usage_exported(
        actor=request.user,
        customer_id=figures.customer.pk,
        month=figures.month,
        rows=rows,
        ip=client_address(request),
    )
    response = HttpResponse(body, content_type=XLSX)
    name = f"usage-{figures.customer.code}-{figures.month:%Y%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def subscriber_page(request: StaffRequest, subscriber_pk: int) -> HttpResponse:
    """A subscriber's monthly figures, trends and event history."""
    figures = summary.subscriber_usage(user=request.user, subscriber_pk=subscriber_pk)
    if figures.billed:
        bills_viewed(
            actor=request.user,
            customer_id=figures.subscriber.customer_id,
            months=sorted(figures.billed),
            subscriber=figures.subscriber,
            ip=client_address(request),
        )
    events = selectors.subscriber_events(user=request.user, subscriber_pk=subscriber_pk)
    event_page = Paginator(events, EVENTS_PAGE_SIZE).get_page(_page_number(request))
    context: dict[str, Any] = {
        "usage": figures,
        "subscriber": figures.subscriber,
        "customer": figures.subscriber.customer,
        "lines": list(reversed(figures.lines)),
        "charts": summary.chart_data(figures.lines, chart_labels()),
        "event_page": event_page,
        "can_view_records": can(request.user, "view", "call_record"),
    }
    return render(request, "usage/subscriber.html", context)


@require_GET
def subscriber_records_page(request: StaffRequest, subscriber_pk: int, month: str) -> HttpResponse:
    """One page of a subscriber's itemised records of a month: peers masked, audited."""
    try:
        first = parse_month(month)
    except CellProblem as exc:
        raise Http404("No such month") from exc
    page = selectors.subscriber_records(
        user=request.user,
        subscriber_pk=subscriber_pk,
        month=first,
        page=_page_number(request),
        page_size=RECORDS_PAGE_SIZE,
    )
    subscriber = subscriber_get(user=request.user, subscriber_pk=subscriber_pk)
    usage_records_viewed(
        actor=request.user,
        subscriber=subscriber,
        month=first,
        page=page.page,
        rows=len(page.items),
        ip=client_address(request),
    )
    # Other parties stay masked unless the viewer holds an unmasking grant (audited).
    reveal = unmask_open(
        user=request.user,
        customer=subscriber.customer,
        kind="call_record",
        target=subscriber,
        extra={"month": f"{first:%Y-%m}", "page": page.page},
        ip=client_address(request),
    )
    context: dict[str, Any] = {
        "reveal": reveal,
        "subscriber": subscriber,
        "customer": subscriber.customer,
        "month": first,
        "month_text": f"{first:%Y-%m}",
        "page": page,
        "first_row": (page.page - 1) * page.page_size + 1,
    }
    return render(request, "usage/records.html", context)
