"""Parsers of one cell's text into a typed value. Each raises ``CellError`` with the reason.

A parser gets the stripped text of a cell that is present in the file; an empty cell
means "no value" (the parser returns its empty value: ``""``, ``None`` or a default).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kamdesk.core.money import to_yuan

Parser = Callable[[str], Any]

_DATE = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$|^(\d{4})(\d{2})(\d{2})$")
# Exports often write a date as a midnight timestamp ("2024-03-01 00:00:00").
_MIDNIGHT = re.compile(r"[ T]00:00(:00)?$")
_TRUE = {"1", "true", "yes", "y", "t", "是", "有效", "在售"}
_FALSE = {"0", "false", "no", "n", "f", "否", "无效", "停售"}


class CellError(ValueError):
    """The cell's text is not a valid value; the message says why."""


def text(max_length: int) -> Parser:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("At most %(n)s characters.") % {"n": max_length})
        return value

    return parse


def choice(values: Iterable[str], *, default: str = "") -> Parser:
    allowed = tuple(values)

    def parse(value: str) -> str:
        if not value:
            return default
        if value.lower() not in allowed:
            raise CellError(
                _("Unknown value %(value)s: use one of %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)}
            )
        return value.lower()

    return parse


def parse_date(value: str) -> dt.date | None:
    """``YYYY-MM-DD``, ``YYYY/MM/DD`` or ``YYYYMMDD`` (strptime is slow for 60,000 cells)."""
    if not value:
        return None
    match = _DATE.match(_MIDNIGHT.sub("", value))
    if match:
        year, _sep, month, day, *compact = match.groups()
        if year is None:
            year, month, day = compact
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise CellError(_("Not a date: write it as YYYY-MM-DD."))


def money(*, max_digits: int, default: Decimal | None = None) -> Parser:
    """Yuan with two places, not negative, fitting a column of ``max_digits`` digits."""
    limit = Decimal(10) ** (max_digits - 2)

    def parse(value: str) -> Decimal | None:
        if not value:
            return default
        try:
            amount = to_yuan(value)
        except ValueError as exc:
            raise CellError(_("Not an amount of money.")) from exc
        if amount < 0:
            raise CellError(_("Cannot be negative."))
        if amount >= limit:
            raise CellError(_("Too large."))
        return amount

    return parse


def integer(*, low: int = 0, high: int = 2_147_483_647, default: int | None = 0) -> Parser:
    def parse(value: str) -> int | None:
        if not value:
            return default
        try:
            number = Decimal(value.replace(",", ""))
        except ArithmeticError as exc:
            raise CellError(_("Enter a whole number.")) from exc
        if not number.is_finite() or number != number.to_integral_value():
            raise CellError(_("Enter a whole number."))
        if not (low <= number <= high):
            raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
        return int(number)

    return parse


def boolean(*, default: bool) -> Parser:
    def parse(value: str) -> bool:
        if not value:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise CellError(_("Write true or false."))

    return parse


def id_list(value: str) -> list[tuple[str, str]]:
    """``S1;S2:601`` → ``[("S1", ""), ("S2", "601")]`` (ids with optional short numbers)."""
    items: list[tuple[str, str]] = []
    for part in re.split(r"[;；]", value):
        ident, _sep, short = part.strip().partition(":")
        ident, short = ident.strip(), short.strip()
        if not ident and not short:
            continue
        if not ident:
            raise CellError(_("An empty id in the list."))
        items.append((ident, short))
    return items


def id_list_or_empty(value: str) -> list[tuple[str, str]]:
    """``id_list`` for bulk lookups before validation: a bad cell is reported later."""
    try:
        return id_list(value)
    except CellError:
        return []
