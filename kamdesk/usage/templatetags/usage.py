"""Template filters of the usage pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from kamdesk.usage.models import fen_to_yuan

register = template.Library()


@register.filter
def fen(value: int | None) -> Decimal:
    """Integer fen as Decimal yuan (then shown with ``yuan``)."""
    return fen_to_yuan(value)


@register.filter
def percent(value: Decimal | None) -> str:
    """A change in percent with its sign (``+12.5%``); a dash when there is none."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{value}%"


@register.filter
def change_class(value: Decimal | int | None) -> str:
    """A colour for a change: falls are what a manager looks for first."""
    if value is None or value == 0:
        return "text-body-secondary"
    return "text-success" if value > 0 else "text-danger"
