from __future__ import annotations

from decimal import Decimal

from django import template

from kamdesk.core.money import format_yuan

register = template.Library()


@register.filter
def kpi_value(value: Decimal | None, unit: str) -> str:
    """A figure as people read it: 96.50%, ¥1,234.50, 4.60, +3.20 pts, 12."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.2f}%"
    if unit == "yuan":
        return format_yuan(value)
    if unit == "points":
        return f"{value:+.2f}"
    if unit == "score":
        return f"{value:.2f}"
    return f"{value:,.0f}"


@register.filter
def kpi_change(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    if unit == "yuan":
        return f"{sign}{format_yuan(value)}"
    if unit in ("percent", "points"):
        return f"{value:+.2f}"
    return f"{sign}{value:,.2f}".rstrip("0").rstrip(".")
