"""The navbar asks the permissions matrix whether a user may see learning."""

from django import template

from kamdesk.users.permissions import can

register = template.Library()


@register.filter
def may_learn(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can(user, "view", "learning")  # type: ignore[arg-type]
