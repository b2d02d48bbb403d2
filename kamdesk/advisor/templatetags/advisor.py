"""Template helpers of the adviser: the permission check and the evidence labels."""

from __future__ import annotations

import datetime as dt

from django import template

from kamdesk.advisor.opportunities import EVIDENCE_LABELS
from kamdesk.usage.models import fen_to_yuan
from kamdesk.users.permissions import can

register = template.Library()


@register.filter
def may(user: object, spec: str) -> bool:
    """``user|may:"view advice"``: whether the matrix allows the action on the kind."""
    action, _sep, kind = spec.partition(" ")
    return can(user, action, kind)  # type: ignore[arg-type]


@register.filter
def evidence_label(key: str) -> str:
    return str(EVIDENCE_LABELS.get(key, key))


@register.filter
def fen_yuan(value: int | None):  # type: ignore[no-untyped-def]
    return fen_to_yuan(value or 0)


@register.filter
def month_list(values: list[str]) -> str:
    """ISO months → 2026年3月、2026年5月."""
    months = []
    for value in values or []:
        day = dt.date.fromisoformat(value)
        months.append(f"{day.year}年{day.month}月")
    return "、".join(months)
