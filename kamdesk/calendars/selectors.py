"""Reads of business calendars, as the pure clock's ``WorkCalendar``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from kamdesk.calendars.china import china_days
from kamdesk.calendars.clock import ALWAYS_OPEN, WorkCalendar, parse_hours
from kamdesk.calendars.models import BusinessCalendar, CalendarKind

STANDARD = "standard"
ALWAYS = "24x7"
# Clocks rarely run more than a few weeks; these years cover any deadline they reach.
YEARS_BEFORE, YEARS_AFTER = 1, 2


def work_calendar(*, code: str, around: dt.date) -> WorkCalendar:
    """The calendar ``code`` (the standard one if it does not exist) around a date.

    Two small queries: the calendar and its overrides within the years concerned. The
    holiday lists of the ``holidays`` package are cached per process.
    """
    row = BusinessCalendar.objects.filter(code=code).first()
    if row is None:
        row = BusinessCalendar.objects.filter(code=STANDARD).first()
    if row is None:
        return WorkCalendar(tz=ZoneInfo(settings.TIME_ZONE))
    if row.kind == CalendarKind.ALWAYS:
        return ALWAYS_OPEN
    years = tuple(range(around.year - YEARS_BEFORE, around.year + YEARS_AFTER + 1))
    days_off, workdays = (
        china_days(years) if row.follows_public_holidays else (frozenset(), frozenset())
    )
    overrides = dict(
        row.overrides.filter(day__year__gte=years[0], day__year__lte=years[-1]).values_list(
            "day", "is_working"
        )
    )
    days_off = frozenset(d for d in days_off if overrides.get(d) is not True) | {
        d for d, working in overrides.items() if not working
    }
    workdays = frozenset(d for d in workdays if overrides.get(d) is not False) | {
        d for d, working in overrides.items() if working
    }
    return WorkCalendar(
        tz=ZoneInfo(settings.TIME_ZONE),
        hours=parse_hours(row.hours),
        days_off=days_off,
        extra_workdays=workdays,
    )


def calendar_choices() -> list[tuple[str, str]]:
    return list(BusinessCalendar.objects.order_by("code").values_list("code", "name"))
