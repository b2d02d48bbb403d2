"""Reads of the manager's day that are not a panel: whom the user stands in for, and
handovers in scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.customers.models import Customer
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.home.models import Handover
from kamdesk.users.models import Absence, Role, User


@dataclass(frozen=True)
class StandIn:
    manager: str
    until: dt.datetime
    customers: int


def standing_in_for(*, user: User, now: dt.datetime | None = None) -> list[StandIn]:
    """The absent managers whose customers ``user`` backs up right now."""
    moment = now or timezone.now()
    absences = Absence.objects.filter(
        starts_at__lte=moment,
        ends_at__gt=moment,
        user__in=Customer.objects.filter(backup_manager=user).values("manager_id"),
    ).select_related("user")
    return [
        StandIn(
            manager=str(a.user),
            until=a.ends_at,
            customers=Customer.objects.filter(manager=a.user, backup_manager=user).count(),
        )
        for a in absences
    ]


def handovers_visible_to(*, user: User) -> QuerySet[Handover]:
    qs = Handover.objects.select_related("from_manager", "to_manager", "created_by")
    if user.role == Role.SYSTEM_ADMIN:
        return qs
    if user.role == Role.SUPERVISOR:
        return qs.filter(
            Q(from_manager__team__supervisor=user)
            | Q(to_manager__team__supervisor=user)
            | Q(created_by=user)
        )
    if user.role == Role.MANAGER:
        return qs.filter(Q(from_manager=user) | Q(to_manager=user))
    return qs.none()


def handover_get(*, user: User, handover_id: int) -> Handover:
    try:
        return handovers_visible_to(user=user).get(pk=handover_id)
    except (Handover.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such handover") from exc


def handover_candidates(*, user: User, manager_id: int) -> QuerySet[Customer]:
    """The customers of one manager that ``user`` may hand over (their scope)."""
    return customers_visible_to(user=user).filter(manager_id=manager_id).order_by("code")
