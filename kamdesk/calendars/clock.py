"""SLA clock arithmetic on business calendars. Pure: no Django import.

A clock starts at a moment, runs only during the calendar's working time, stops while
it is paused (waiting for the customer, resolved), and has a target: a quantity of
business time. Its deadline is the moment the running business time reaches the
target; its warning is the moment it reaches a share of the target.

Every datetime taken and returned is timezone-aware; results are in UTC. Working
hours are read in the calendar's own time zone (Asia/Shanghai for China).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

UTC = dt.UTC
ZERO = dt.timedelta(0)
# A calendar without a working minute in this many days is a configuration error.
MAX_SEARCH_DAYS = 3 * 366

Pause = tuple[dt.datetime, dt.datetime | None]
Hours = tuple[tuple[dt.time, dt.time], ...]

STANDARD_HOURS: Hours = ((dt.time(9, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(18, 0)))


@dataclass(frozen=True)
class WorkCalendar:
    """When the clock runs.

    ``days_off`` are dates that would be working days but are not (public holidays,
    administrator overrides); ``extra_workdays`` are weekend dates that are working days
    (China's make-up working days, 调休, and overrides). ``always_open`` is 24×7.
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    hours: Hours = STANDARD_HOURS
    days_off: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    always_open: bool = False

    def is_working_day(self, day: dt.date) -> bool:
        if self.always_open or day in self.extra_workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() not in self.weekend


ALWAYS_OPEN = WorkCalendar(tz=ZoneInfo("UTC"), hours=(), always_open=True)


def parse_hours(text: str) -> Hours:
    """``"09:00-12:00,13:30-18:00"`` → working intervals; raises ValueError when malformed.

    Intervals must be increasing and must not overlap; ``24:00`` ends a day.
    """
    intervals: list[tuple[dt.time, dt.time]] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        begin_text, _, end_text = part.partition("-")
        begin, end = _parse_time(begin_text), _parse_time(end_text)
        if end != dt.time(0) and end <= begin:
            raise ValueError(f"{part}: the end must come after the start")
        if intervals and (intervals[-1][1] == dt.time(0) or begin < intervals[-1][1]):
            raise ValueError(f"{part}: intervals must be in order and must not overlap")
        intervals.append((begin, end))
    if not intervals:
        raise ValueError("no working hours")
    return tuple(intervals)


def _parse_time(text: str) -> dt.time:
    text = text.strip()
    if text == "24:00":
        return dt.time(0)
    hour, _, minute = text.partition(":")
    return dt.time(int(hour), int(minute or 0))


def _require_aware(*moments: dt.datetime | None) -> None:
    for moment in moments:
        if moment is not None and moment.utcoffset() is None:
            raise ValueError("datetimes must be timezone-aware")


def _day_spans(cal: WorkCalendar, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The working intervals of one local day, in UTC."""
    if not cal.is_working_day(day):
        return
    for begin, end in cal.hours:
        start = dt.datetime.combine(day, begin, tzinfo=cal.tz)
        end_day = day + dt.timedelta(days=1) if end == dt.time(0) else day
        stop = dt.datetime.combine(end_day, end, tzinfo=cal.tz)
        yield start.astimezone(UTC), stop.astimezone(UTC)


def working_spans(
    cal: WorkCalendar, start: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Working intervals from ``start`` on, clipped to begin no earlier than ``start``."""
    _require_aware(start)
    start = start.astimezone(UTC)
    if cal.always_open:
        yield start, dt.datetime.max.replace(tzinfo=UTC)
        return
    day = start.astimezone(cal.tz).date() - dt.timedelta(days=1)
    idle_days = 0
    while idle_days < MAX_SEARCH_DAYS:
        found = False
        for begin, end in _day_spans(cal, day):
            if end > start:
                found = True
                yield max(begin, start), end
        idle_days = 0 if found else idle_days + 1
        day += dt.timedelta(days=1)
    raise ValueError("the calendar has no working time")


def business_time(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time between two moments; zero when ``end`` is not after ``start``."""
    _require_aware(start, end)
    if end <= start:
        return ZERO
    if cal.always_open:
        return end - start
    total = ZERO
    for begin, stop in working_spans(cal, start):
        if begin >= end:
            break
        total += min(stop, end) - begin
    return total


def add_business(cal: WorkCalendar, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    """The moment ``amount`` of working time after ``start`` (``start`` itself for zero)."""
    _require_aware(start)
    if amount <= ZERO:
        return start.astimezone(UTC)
    if cal.always_open:
        return (start + amount).astimezone(UTC)
    remaining = amount
    for begin, stop in working_spans(cal, start):
        if stop - begin >= remaining:
            return begin + remaining
        remaining -= stop - begin
    raise AssertionError("unreachable: working_spans raises when it runs out")


def merge_pauses(pauses: Iterable[Pause], *, now: dt.datetime | None = None) -> list[Pause]:
    """Pauses sorted and merged where they overlap; an open pause stays open (end None)."""
    ordered = sorted(pauses, key=lambda p: p[0])
    merged: list[Pause] = []
    for begin, end in ordered:
        _require_aware(begin, end)
        if end is not None and end <= begin:
            continue
        if merged and (merged[-1][1] is None or begin <= merged[-1][1]):  # type: ignore[operator]
            last_begin, last_end = merged[-1]
            new_end = None if end is None or last_end is None else max(last_end, end)
            merged[-1] = (last_begin, new_end)
        else:
            merged.append((begin, end))
    return merged


def elapsed(
    cal: WorkCalendar, start: dt.datetime, now: dt.datetime, pauses: Sequence[Pause] = ()
) -> dt.timedelta:
    """Running business time from ``start`` to ``now``, paused time excluded."""
    _require_aware(start, now)
    total = business_time(cal, start, now)
    for begin, end in merge_pauses(pauses):
        lo = max(begin, start)
        hi = now if end is None else min(end, now)
        total -= business_time(cal, lo, hi)
    return max(total, ZERO)


def deadline(
    cal: WorkCalendar, start: dt.datetime, target: dt.timedelta, pauses: Sequence[Pause] = ()
) -> dt.datetime | None:
    """When the running time reaches ``target``; None while an open pause stops the clock
    before that moment (the deadline is then unknown until the clock resumes)."""
    _require_aware(start)
    moment, remaining = start.astimezone(UTC), target
    for begin, end in merge_pauses(pauses):
        if end is not None and end <= moment:
            continue
        candidate = add_business(cal, moment, remaining)
        if candidate <= begin:
            return candidate
        remaining -= business_time(cal, moment, max(begin, moment))
        if end is None:
            return None
        moment = max(moment, end)
    return add_business(cal, moment, remaining)


def remaining(
    cal: WorkCalendar,
    start: dt.datetime,
    target: dt.timedelta,
    now: dt.datetime,
    pauses: Sequence[Pause] = (),
) -> dt.timedelta:
    """Business time left before the deadline; negative once it has passed."""
    return target - elapsed(cal, start, now, pauses)


def share_of(target: dt.timedelta, percent: int) -> dt.timedelta:
    """``percent`` % of ``target``, to the second (the warning threshold)."""
    return dt.timedelta(seconds=int(target.total_seconds()) * percent // 100)
