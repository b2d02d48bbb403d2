"""Filters of the request pages: short durations and masked free text."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from kamdesk.tickets.redact import redact_numbers

register = template.Library()


@register.filter
def duration_short(seconds: int | float | None) -> str:
    """``5400`` → ``1h 30m``; negative durations read as overdue by that much."""
    if seconds is None:
        return "—"
    value = abs(int(seconds))
    days, rest = divmod(value, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = _("%(d)sd %(h)sh") % {"d": days, "h": hours}
    elif hours:
        text = _("%(h)sh %(m)sm") % {"h": hours, "m": minutes}
    else:
        text = _("%(m)sm") % {"m": minutes}
    return _("overdue %(t)s") % {"t": text} if seconds < 0 else text


@register.filter
def redacted(text: str | None) -> str:
    return redact_numbers(text or "")
