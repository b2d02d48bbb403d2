"""Quiet hours. Pure: no Django import."""

from __future__ import annotations

import datetime as dt


def in_quiet_hours(local: dt.time, start: dt.time | None, end: dt.time | None) -> bool:
    """Whether ``local`` falls in [start, end); the span may cross midnight (22:00–07:00)."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_until(moment: dt.datetime, start: dt.time | None, end: dt.time | None) -> dt.datetime:
    """``moment`` itself outside quiet hours, else the moment the quiet hours end.

    ``moment`` is aware and already in the user's local time zone.
    """
    if (
        start is None
        or end is None
        or not in_quiet_hours(moment.timetz().replace(tzinfo=None), start, end)
    ):
        return moment
    day = moment.date()
    if moment.time() >= end:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=moment.tzinfo)
