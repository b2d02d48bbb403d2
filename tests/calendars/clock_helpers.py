"""Calendars for the clock tests: China's 2025–2026 holidays, standard hours."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kamdesk.calendars.china import china_days
from kamdesk.calendars.clock import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def china_calendar() -> WorkCalendar:
    days_off, workdays = china_days((2025, 2026))
    return WorkCalendar(tz=SHANGHAI, days_off=days_off, extra_workdays=workdays)


def local(*args: int) -> dt.datetime:
    """An aware datetime in Asia/Shanghai."""
    return dt.datetime(*args, tzinfo=SHANGHAI)


HOUR = dt.timedelta(hours=1)
WORKING_DAY = dt.timedelta(hours=7, minutes=30)  # 09:00–12:00 and 13:30–18:00
