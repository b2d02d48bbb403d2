"""Quiz scoring and certificate validity: pure rules, no Django import.

A question scores one point only when the chosen answers are exactly the correct ones:
a multiple-choice question answered partly (some right answers missing, or one wrong
answer added) scores zero, as in the operator's own certification exams.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    """The correct choice ids of one question."""

    question_id: int
    correct: frozenset[int]


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    percent: int
    right: frozenset[int]  # ids of the questions answered right

    def passed(self, pass_percent: int) -> bool:
        return self.total > 0 and self.percent >= pass_percent


def score(keys: Sequence[Key], answers: Mapping[int, frozenset[int] | set[int]]) -> Score:
    right = frozenset(
        k.question_id for k in keys if frozenset(answers.get(k.question_id, ())) == k.correct
    )
    total = len(keys)
    percent = (len(right) * 100) // total if total else 0
    return Score(correct=len(right), total=total, percent=percent, right=right)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (31 January + 1 month is 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_valid(*, expires_on: dt.date, on: dt.date) -> bool:
    """A certification is valid up to the day before ``expires_on``; it expires on its date."""
    return on < expires_on


def reminder_due(*, expires_on: dt.date, on: dt.date, days_before: int = 30) -> bool:
    """True in the ``days_before`` days before the expiry (not after it has expired)."""
    return expires_on - dt.timedelta(days=days_before) <= on < expires_on
