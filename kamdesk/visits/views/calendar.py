"""Month and week calendars, making the month's plan, the personal iCalendar feed and
one visit as .ics."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamdesk.audit.services import audit_record
from kamdesk.calendars.selectors import STANDARD, work_calendar
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can
from kamdesk.users.selectors import managers_for_choice
from kamdesk.visits.models import CalendarFeed
from kamdesk.visits.planning import month_bounds, parse_month
from kamdesk.visits.selectors import visit_get, visits_between
from kamdesk.visits.services.feeds import (
    calendar_ics,
    feed_create,
    feed_for_token,
    feed_revoke,
    feed_visits,
)
from kamdesk.visits.services.plan import day_km, month_plan_apply
from kamdesk.visits.views.common import require


def _manager_filter(request: StaffRequest) -> tuple[User | None, list[User]]:
    """The manager whose calendar is shown: oneself for a manager, a chosen one else."""
    if request.user.role == Role.MANAGER:
        return request.user, []
    choices = list(managers_for_choice(user=request.user))
    wanted = request.GET.get("manager", "")
    chosen = next((m for m in choices if str(m.pk) == wanted), None)
    return chosen, choices


def _month(request: StaffRequest) -> tuple[int, int]:
    try:
        return parse_month(request.GET.get("month", ""))
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month


def _calendar_context(
    request: StaffRequest, start: dt.date, end: dt.date, manager: User | None
) -> dict[str, Any]:
    visits = list(visits_between(user=request.user, start=start, end=end, manager=manager))
    by_day: dict[dt.date, list[Any]] = {}
    for v in visits:
        by_day.setdefault(v.planned_date, []).append(v)
    cal = work_calendar(code=STANDARD, around=start)
    km = day_km(visits) if manager is not None else {}
    return {"by_day": by_day, "cal": cal, "km": km, "visits": visits}


def month_view(request: StaffRequest) -> HttpResponse:
    require(request, "list")
    year, month = _month(request)
    manager, choices = _manager_filter(request)
    first, last = month_bounds(year, month)
    ctx = _calendar_context(request, first, last, manager)
    weeks = []
    for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "day": d,
                    "in_month": d.month == month,
                    "working": ctx["cal"].is_working_day(d),
                    "visits": ctx["by_day"].get(d, []),
                    "km": ctx["km"].get(d),
                }
                for d in week
            ]
        )
    prev_month = first - dt.timedelta(days=1)
    next_month = last + dt.timedelta(days=1)
    return render(
        request,
        "visits/month.html",
        {
            "weeks": weeks,
            "first": first,
            "label": f"{year:04d}-{month:02d}",
            "prev": f"{prev_month:%Y-%m}",
            "next": f"{next_month:%Y-%m}",
            "manager": manager,
            "managers": choices,
            "can_plan": can(request.user, "change", "visit"),
            "total": len(ctx["visits"]),
            "km_total": (
                round(sum(k[0] for k in ctx["km"].values()), 1),
                round(sum(k[1] for k in ctx["km"].values()), 1),
            ),
        },
    )


def week_view(request: StaffRequest) -> HttpResponse:
    require(request, "list")
    try:
        anchor = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        anchor = timezone.localdate()
    monday = anchor - dt.timedelta(days=anchor.weekday())
    sunday = monday + dt.timedelta(days=6)
    manager, choices = _manager_filter(request)
    ctx = _calendar_context(request, monday, sunday, manager)
    days = [
        {
            "day": d,
            "working": ctx["cal"].is_working_day(d),
            "visits": ctx["by_day"].get(d, []),
            "km": ctx["km"].get(d),
        }
        for d in (monday + dt.timedelta(days=i) for i in range(7))
    ]
    return render(
        request,
        "visits/week.html",
        {
            "days": days,
            "monday": monday,
            "prev": (monday - dt.timedelta(days=7)).isoformat(),
            "next": (monday + dt.timedelta(days=7)).isoformat(),
            "manager": manager,
            "managers": choices,
        },
    )


@require_POST
def plan_month_view(request: StaffRequest) -> HttpResponse:
    """Plan the month for oneself (a manager) or one's team (a supervisor)."""
    require(request, "change")
    try:
        year, month = parse_month(request.POST.get("month", ""))
    except ValueError:
        messages.error(request, _("Choose a month as YYYY-MM."))
        return redirect("visits:calendar")
    if request.user.role == Role.MANAGER:
        ids = [request.user.pk]
    else:
        ids = [m.pk for m in managers_for_choice(user=request.user)]
    summary = month_plan_apply(year=year, month=month, actor=request.user, manager_ids=ids)
    messages.success(
        request,
        _("%(created)s visits planned for %(month)s; %(unplaced)s could not be placed.")
        % {"created": summary.created, "month": summary.month, "unplaced": len(summary.unplaced)},
    )
    return redirect(reverse("visits:calendar") + f"?month={summary.month}")


def feeds_view(request: StaffRequest) -> HttpResponse:
    """The user's calendar subscriptions: create one (its address is shown once), revoke."""
    require(request, "list")
    new_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed = get_object_or_404(
                CalendarFeed, pk=request.POST.get("feed") or 0, user=request.user
            )
            feed_revoke(feed=feed, actor=request.user)
            messages.success(request, _("The subscription is revoked."))
            return redirect("visits:feeds")
        token = feed_create(user=request.user)
        new_url = request.build_absolute_uri(f"/calendar/{token}.ics")
    feeds = CalendarFeed.objects.filter(user=request.user)
    return render(request, "visits/feeds.html", {"feeds": feeds, "new_url": new_url})


@login_not_required
@require_GET
def feed_ics(request: Any, token: str) -> HttpResponse:
    """The subscription itself: no session (calendar programs have none), the token is the key."""
    feed = feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar")
    body = calendar_ics(visits=feed_visits(user=feed.user), name=_("KAM Desk visits"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def visit_ics(request: StaffRequest, visit_id: int) -> HttpResponse:
    require(request, "view")
    visit = visit_get(user=request.user, visit_id=visit_id)
    audit_record(
        actor=request.user,
        action="visit.exported",
        target=visit,
        customer_id=visit.customer_id,
        extra={"format": "ics"},
    )
    response = HttpResponse(
        calendar_ics(visits=[visit]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}.ics"'
    return response
