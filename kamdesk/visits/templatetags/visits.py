"""Template helpers of the visit pages: links to capabilities that may not be installed."""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_exists(name: str) -> bool:
    """Whether URL ``name`` (taking one id) exists: a later capability's action shows
    only once that capability is installed."""
    for args in ([1], []):
        try:
            reverse(name, args=args)
        except NoReverseMatch:
            continue
        return True
    return False


@register.filter
def linked_from(obj: Model, app_label: str) -> list[Model]:
    """Rows of app ``app_label`` that point at ``obj`` (a commitment made from a need),
    found through the reverse accessors, so this app need not import that one."""
    found: list[Model] = []
    for rel in obj._meta.related_objects:
        if rel.related_model._meta.app_label != app_label:  # type: ignore[union-attr]
            continue
        accessor = rel.get_accessor_name()
        if accessor is None:
            continue
        if rel.one_to_one:
            target = getattr(obj, accessor, None)
            if target is not None:
                found.append(target)
        else:
            found.extend(getattr(obj, accessor).all())
    return found


@register.filter
def link_of(obj: Model) -> str:
    url = getattr(obj, "get_absolute_url", None)
    return url() if callable(url) else ""
