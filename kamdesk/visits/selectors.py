"""Reads of visits. Pages, the API and the feed read through these, so the access
scope is written once: a visit is visible to whoever may see its customer and may
view visits (the manager, the backup acting for an absent manager, the supervisor of
the team, the system administrator)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from kamdesk.audit.services import audit_refusal
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can
from kamdesk.visits.models import (
    OPEN_VISIT_STATUSES,
    OnSiteItem,
    RaisedNeed,
    Visit,
    VisitPhoto,
    VisitSignature,
    VisitStatus,
)

KIND = "visit"


def verified_q() -> Q:
    """A visit whose presence is proven (issue: coverage counts a visit as verified only
    with one of these): a check-in with the device's location, the customer's one-time
    code, a stamped photo, or the customer's signature."""
    return (
        Q(checked_in_at__isnull=False, checkin_distance_m__isnull=False)
        | Q(confirmed_at__isnull=False)
        | Q(Exists(VisitPhoto.objects.filter(visit=OuterRef("pk"))))
        | Q(Exists(VisitSignature.objects.filter(visit=OuterRef("pk"))))
    )


def visits_visible_to(*, user: User) -> QuerySet[Visit]:
    """Every visit ``user`` may see (none when their role may not list visits)."""
    qs = Visit.objects.select_related("customer", "customer__grade", "manager")
    if not can(user, "list", KIND) and not can(user, "view", KIND):
        return qs.none()
    if user.role == Role.SYSTEM_ADMIN:
        return qs
    customers = customers_visible_to(user=user, kind="profile").values("pk")
    mine = Q(customer_id__in=customers)
    if user.role == Role.MANAGER:
        mine = mine | Q(manager=user)
    return qs.filter(mine)


def visit_get(*, user: User, visit_id: int) -> Visit:
    """One visit in scope with its record, or ``Http404`` (existence is not disclosed)."""
    try:
        return (
            visits_visible_to(user=user)
            .prefetch_related(
                Prefetch("needs", queryset=RaisedNeed.objects.select_related("ticket")),
                Prefetch("onsite_items", queryset=OnSiteItem.objects.all()),
                Prefetch("signatures", queryset=VisitSignature.objects.all()),
                "photos",
            )
            .get(pk=visit_id)
        )
    except (Visit.DoesNotExist, ValueError, TypeError) as exc:
        audit_refusal(
            actor=user, data_kind=KIND, target_type="visits.visit", target_id=str(visit_id)[:64]
        )
        raise Http404("No such visit") from exc


def visit_file_readable(user: User, visit_id: int) -> bool:
    return visits_visible_to(user=user).filter(pk=visit_id).exists()


def visits_between(
    *, user: User, start: dt.date, end: dt.date, manager: User | None = None
) -> QuerySet[Visit]:
    """Visits planned from ``start`` to ``end`` inclusive, optionally of one manager."""
    qs = visits_visible_to(user=user).filter(planned_date__gte=start, planned_date__lte=end)
    if manager is not None:
        qs = qs.filter(manager=manager)
    return qs.order_by("planned_date", "route_order", "planned_time", "pk")


def visits_of_customer(*, user: User, customer_id: int) -> QuerySet[Visit]:
    return visits_visible_to(user=user).filter(customer_id=customer_id)


def visits_overdue(*, user: User) -> QuerySet[Visit]:
    return visits_visible_to(user=user).filter(status=VisitStatus.OVERDUE)


def visits_open(*, user: User) -> QuerySet[Visit]:
    return visits_visible_to(user=user).filter(status__in=OPEN_VISIT_STATUSES)


def dropped_required_visits(*, user: User) -> QuerySet[Visit]:
    """Required visits someone dropped, with the reason: what a supervisor reviews."""
    return (
        visits_visible_to(user=user)
        .filter(status=VisitStatus.CANCELLED)
        .exclude(required_reason="")
        .order_by("-cancelled_at")
    )
