"""Periods of a scorecard (pure: no Django import).

A period runs from ``start`` to ``end`` inclusive, in local (Asia/Shanghai) days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def year_to_date(self) -> Period:
        return Period(dt.date(self.end.year, 1, 1), self.end)

    def months(self) -> list[dt.date]:
        """First days of the months the period touches."""
        first = self.start.replace(day=1)
        out = []
        while first <= self.end:
            out.append(first)
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return out

    @property
    def last_month(self) -> dt.date:
        return self.end.replace(day=1)


class PeriodError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


MAX_DAYS = 3 * 366


def period_parse(start: str, end: str, today: dt.date) -> Period:
    """``from``/``to`` as YYYY-MM-DD; empty means this month so far."""
    try:
        first = dt.date.fromisoformat(start) if start else today.replace(day=1)
    except ValueError as exc:
        raise PeriodError("from", "Use the form YYYY-MM-DD.") from exc
    try:
        last = dt.date.fromisoformat(end) if end else today
    except ValueError as exc:
        raise PeriodError("to", "Use the form YYYY-MM-DD.") from exc
    if last < first:
        raise PeriodError("to", "The end comes before the start.")
    if (last - first).days >= MAX_DAYS:
        raise PeriodError("to", "A period is at most three years.")
    return Period(first, last)
