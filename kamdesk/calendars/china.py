"""China's public holidays and make-up working days (调休), from the ``holidays`` package.

Pure: no Django import. The State Council publishes each year's arrangement in
December; the ``holidays`` package carries it from then on, and an administrator's
overrides (``CalendarOverride``) cover anything it does not know yet.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def china_days(years: tuple[int, ...]) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off on what would be working days, weekend days that are working) in ``years``."""
    calendar = holidays.country_holidays("CN", years=list(years))
    wanted = set(years)
    days_off = frozenset(day for day in calendar if day.year in wanted)
    # The package's list of weekend working days spans every year it knows: keep ours.
    workdays = frozenset(day for day in calendar.weekend_workdays if day.year in wanted)
    return days_off, workdays


def holiday_name(day: dt.date, *, language: str = "zh_CN") -> str:
    """The holiday's name on ``day`` ("" when it is none), in zh_CN or en_US."""
    calendar = holidays.country_holidays("CN", years=day.year, language=language)
    return str(calendar.get(day) or "")
