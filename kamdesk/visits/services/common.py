"""Small helpers the visit services share."""

from __future__ import annotations

from django.urls import reverse

from kamdesk.customers.models import Customer
from kamdesk.notifications.services import notify
from kamdesk.users.models import User
from kamdesk.users.selectors import user_is_absent
from kamdesk.visits.models import Visit


def visit_url(visit: Visit) -> str:
    return reverse("visits:detail", args=[visit.pk])


def acting_manager(customer: Customer) -> User | None:
    """The customer's manager, or the backup while the manager is absent."""
    manager = customer.manager
    if manager is not None and customer.backup_manager is not None and user_is_absent(user=manager):
        return customer.backup_manager
    return manager or customer.backup_manager


def supervisor_of(user: User) -> User | None:
    team = user.team if user.team_id else None
    return team.supervisor if team is not None else None


def tell(*, user: User | None, kind: str, title: str, key: str, url: str, body: str = "") -> bool:
    if user is None or not user.is_active:
        return False
    return notify(user=user, kind=kind, title=title, body=body, url=url, dedup_key=key) is not None
