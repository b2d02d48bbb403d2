"""``{{ value|revealed:reveal }}``: masked, unless ``reveal`` (from ``unmask_open``) holds
an active grant for the customer and kind of data shown."""

from __future__ import annotations

from django import template

from kamdesk.core.masking import mask_number
from kamdesk.security.unmask import Reveal

register = template.Library()


@register.filter
def revealed(value: str | None, reveal: Reveal | None) -> str:
    if reveal is None:
        return mask_number(value)
    return reveal.value(value)
