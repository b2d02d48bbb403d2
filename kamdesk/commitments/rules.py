"""Pure rules of commitments: when to remind, when a commitment is overdue, when to
escalate, and the fulfilment rate. No Django import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENDING = ("open", "renegotiated", "overdue")


def parse_remind_days(text: str) -> tuple[int, ...]:
    """``"3, 1"`` → ``(3, 1)``; raises ValueError naming the bad part."""
    days: set[int] = set()
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 0 < int(part) <= 60:
            raise ValueError(f"not a number of days between 1 and 60: {part!r}")
        days.add(int(part))
    return tuple(sorted(days, reverse=True))


def reminder_due(*, due_on: dt.date, today: dt.date, days: Iterable[int]) -> int | None:
    """The reminder (days before the due date) that applies today, if any: the closest
    one not earlier than today. A run that missed its day still sends it, and the caller
    sends each reminder once."""
    left = (due_on - today).days
    later = [d for d in days if d >= left]
    return min(later) if left >= 0 and later else None


def is_overdue(*, due_on: dt.date, today: dt.date) -> bool:
    """A commitment due today can still be kept today; it is overdue from the next day."""
    return today > due_on


def escalation_due(*, due_on: dt.date, today: dt.date, after_days: int) -> bool:
    return (today - due_on).days >= max(after_days, 1)


@dataclass(frozen=True)
class RateRow:
    due_on: dt.date
    status: str
    fulfilled_on: dt.date | None


@dataclass(frozen=True)
class Rate:
    due: int
    kept: int

    @property
    def percent(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(self.kept) * 100 / self.due).quantize(Decimal("0.1"), ROUND_HALF_UP)


def counts_as_due(row: RateRow, *, start: dt.date, end: dt.date, today: dt.date) -> bool:
    """A commitment counts in a period when its (agreed) due date falls inside the period
    and its outcome is known: fulfilled, or past its due date. Cancelled ones do not
    count; ones due later, or due but still within their day, are not due yet."""
    if row.status == "cancelled" or not start <= row.due_on <= end:
        return False
    return row.status == "fulfilled" or is_overdue(due_on=row.due_on, today=today)


def kept_on_time(row: RateRow) -> bool:
    return (
        row.status == "fulfilled"
        and row.fulfilled_on is not None
        and (row.fulfilled_on <= row.due_on)
    )


def fulfilment_rate(
    rows: Iterable[RateRow], *, start: dt.date, end: dt.date, today: dt.date
) -> Rate:
    """Kept on time / due, over commitments due in ``[start, end]``."""
    due = kept = 0
    for row in rows:
        if counts_as_due(row, start=start, end=end, today=today):
            due += 1
            kept += kept_on_time(row)
    return Rate(due=due, kept=kept)
