"""Month arithmetic and relative changes for the usage pages. Pure: no Django import."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def month_add(month: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before, if negative) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def change_percent(current: int, before: int) -> Decimal | None:
    """The change from ``before`` to ``current`` in percent, one decimal; None from zero.

    A change from nothing has no meaningful percentage (it would be infinite), so the
    pages show a dash instead of a number.
    """
    if before == 0:
        return None
    value = (Decimal(current - before) * 100) / Decimal(abs(before))
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def kb_to_mb(kb: int) -> Decimal:
    return (Decimal(kb) / 1024).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
