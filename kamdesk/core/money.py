"""Money is Decimal yuan with two places. Pure: no Django import."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_yuan(value: object) -> Decimal:
    """Parse a yuan amount ('1,234.5', 12, Decimal) into Decimal with two places."""
    if isinstance(value, float):
        value = repr(value)
    text = str(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    try:
        return Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount of money: {value!r}") from exc


def format_yuan(value: Decimal | int | None) -> str:
    """``Decimal('12345.6')`` → ``¥12,345.60`` (Chinese convention: ¥ before, comma groups)."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
