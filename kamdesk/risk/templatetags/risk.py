from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from kamdesk.risk.explain import anomaly_text, reason_text
from kamdesk.risk.explain import trigger_label as _trigger_label
from kamdesk.risk.models import Anomaly

register = template.Library()

VISIT_STATUS = {
    "planned": _("Planned"),
    "checked_in": _("Checked in"),
    "completed": _("Completed"),
    "overdue": _("Overdue"),
    "missed": _("Missed"),
    "cancelled": _("Cancelled"),
}
SEVERITY_CLASS = {"high": "danger", "medium": "warning", "low": "secondary"}


@register.filter
def trigger_label(value: str) -> str:
    return _trigger_label(value)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(float(value) * 100)}%"


@register.filter
def visit_status(value: str) -> str:
    return str(VISIT_STATUS.get(value, value))


@register.filter
def reason(value: dict) -> str:  # type: ignore[type-arg]
    return reason_text(value)


@register.filter
def anomaly(value: Anomaly) -> str:
    return anomaly_text(
        kind=value.kind,
        metric=value.metric,
        change_pct=value.change_pct,
        months=value.months,
        current=value.current,
        baseline=value.baseline,
        day=value.day,
    )


@register.filter
def severity_class(value: str) -> str:
    return SEVERITY_CLASS.get(value, "secondary")


@register.filter
def fen_yuan(value: int | None) -> str:
    from kamdesk.core.money import format_yuan
    from kamdesk.usage.models import fen_to_yuan

    return format_yuan(fen_to_yuan(value))
