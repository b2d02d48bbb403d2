"""Template filters used by every page: masking, money and Chinese dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from kamdesk.core import masking
from kamdesk.core.money import format_yuan

register = template.Library()


@register.filter
def mask_number(value: str | None) -> str:
    return masking.mask_number(value)


@register.filter
def mask_id(value: str | None) -> str:
    return masking.mask_id(value)


@register.filter
def mask_email(value: str | None) -> str:
    return masking.mask_email(value)


@register.filter
def yuan(value: Decimal | int | None) -> str:
    return format_yuan(value)


@register.filter
def cn_datetime(value: dt.datetime | None) -> str:
    """Aware datetimes in Asia/Shanghai as ``2026-11-28 20:45``."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@register.filter
def cn_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%Y-%m-%d")


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **kwargs: object) -> str:
    """The current query string with some parameters replaced (for paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
