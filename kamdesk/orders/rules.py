"""Pure rules of orders: totals, the discount limit, IMEI, lock-in, the five-numbers
limit and bill months. No Django import."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from stdnum import imei as stdnum_imei
from stdnum.exceptions import ValidationError as StdnumError

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    total: Decimal


def line_amount(unit_price: Decimal, quantity: int) -> Decimal:
    return (Decimal(unit_price) * quantity).quantize(CENT, ROUND_HALF_UP)


def order_totals(lines: Iterable[tuple[Decimal, int]], discount: Decimal) -> Totals:
    """The items' sum, the discount, and what the customer pays (never below zero)."""
    subtotal = sum((line_amount(p, q) for p, q in lines), Decimal("0.00"))
    discount = Decimal(discount).quantize(CENT, ROUND_HALF_UP)
    return Totals(subtotal=subtotal, discount=discount, total=max(subtotal - discount, CENT * 0))


def needs_supervisor(*, discount: Decimal, limit: Decimal) -> bool:
    """A discount above the configured limit needs a supervisor's approval."""
    return Decimal(discount) > Decimal(limit)


def clean_imei(value: str) -> str:
    """A 15-digit IMEI with a valid Luhn check digit, or ValueError."""
    compact = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{15}", compact):
        raise ValueError("an IMEI has 15 digits")
    try:
        stdnum_imei.validate(compact)
    except StdnumError as exc:
        raise ValueError("the check digit of the IMEI is wrong") from exc
    return compact


def imei_check_digit(first14: str) -> str:
    """The Luhn check digit of the first 14 digits of an IMEI."""
    from stdnum import luhn

    return luhn.calc_check_digit(first14)


def downgrade_locked(
    *, current_fee: Decimal | None, new_fee: Decimal, locked_until: dt.date | None, today: dt.date
) -> bool:
    """During a contract's lock-in a line may move up, not down, in monthly fee."""
    if locked_until is None or today > locked_until or current_fee is None:
        return False
    return Decimal(new_fee) < Decimal(current_fee)


def over_number_limit(*, numbers_held: int, new_in_order: int, limit: int) -> bool:
    """一证五号: the numbers a person holds nationwide plus those this order adds."""
    return numbers_held + new_in_order > limit


_MONTH = re.compile(r"^(20\d{2})-(0[1-9]|1[0-2])$")


def parse_months(text: str) -> list[str]:
    """``"2026-10, 2026-11"`` → ``["2026-10", "2026-11"]``; ValueError names the bad one."""
    months = [m.strip() for m in (text or "").replace("，", ",").split(",") if m.strip()]
    if not months:
        raise ValueError("name at least one month")
    for m in months:
        if not _MONTH.fullmatch(m):
            raise ValueError(f"not a month (YYYY-MM): {m}")
    return sorted(set(months))
