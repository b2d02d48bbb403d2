"""Reads of commitments, in the caller's customer scope, and the fulfilment rate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.commitments.models import PENDING_STATUSES, Commitment, CommitmentEvent
from kamdesk.commitments.rules import Rate, RateRow, fulfilment_rate
from kamdesk.customers.models import Customer
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can


def commitments_visible_to(*, user: User) -> QuerySet[Commitment]:
    """Commitments of the customers the user may see, if the role may see commitments."""
    qs = Commitment.objects.select_related(
        "customer", "contact", "owner", "promised_by", "evidence_order"
    )
    if not can(user, "view", "commitment"):
        return qs.none()
    customers = customers_visible_to(user=user, kind="commitment")
    return qs.filter(customer__in=customers.values("pk"))


def commitment_get(*, user: User, commitment_id: int) -> Commitment:
    try:
        return commitments_visible_to(user=user).get(pk=commitment_id)
    except (Commitment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such commitment") from exc


def commitment_file_readable(user: User, commitment_id: int) -> bool:
    return commitments_visible_to(user=user).filter(pk=commitment_id).exists()


def events_of(*, commitment: Commitment) -> QuerySet[CommitmentEvent]:
    return commitment.events.select_related("actor").order_by("at", "pk")


def customer_open_commitments(*, user: User, customer: Customer) -> QuerySet[Commitment]:
    return commitments_visible_to(user=user).filter(customer=customer, status__in=PENDING_STATUSES)


@dataclass(frozen=True)
class CommitmentFilters:
    status: str = ""
    customer_id: int | None = None
    owner_id: int | None = None
    pending: bool = False
    q: str = ""


def commitment_search(*, user: User, filters: CommitmentFilters) -> QuerySet[Commitment]:
    qs = commitments_visible_to(user=user)
    if filters.pending:
        qs = qs.filter(status__in=PENDING_STATUSES)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.customer_id:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.owner_id:
        qs = qs.filter(owner_id=filters.owner_id)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(customer__name__icontains=filters.q))
    return qs.order_by("due_on", "pk")


@dataclass(frozen=True)
class RateLine:
    owner: User
    rate: Rate


def _rows(qs: QuerySet[Commitment]) -> dict[int, list[RateRow]]:
    rows: dict[int, list[RateRow]] = {}
    for owner_id, due_on, status, fulfilled_at in qs.values_list(
        "owner_id", "due_on", "status", "fulfilled_at"
    ):
        fulfilled_on = timezone.localdate(fulfilled_at) if fulfilled_at else None
        rows.setdefault(owner_id, []).append(RateRow(due_on, status, fulfilled_on))
    return rows


def fulfilment_rates(
    *, user: User, start: dt.date, end: dt.date, today: dt.date | None = None
) -> tuple[list[RateLine], Rate]:
    """Per owner and in total, over the commitments the user may see that fell due in
    ``[start, end]``: a manager sees their own, a supervisor their team's."""
    today = today or timezone.localdate()
    qs = commitments_visible_to(user=user).filter(due_on__gte=start, due_on__lte=end)
    if user.role == Role.MANAGER:
        qs = qs.filter(owner=user)
    by_owner = _rows(qs)
    owners = {u.pk: u for u in User.objects.filter(pk__in=by_owner)}
    lines = [
        RateLine(owner=owners[pk], rate=fulfilment_rate(rows, start=start, end=end, today=today))
        for pk, rows in sorted(by_owner.items(), key=lambda kv: str(owners[kv[0]]))
    ]
    total = Rate(due=sum(x.rate.due for x in lines), kept=sum(x.rate.kept for x in lines))
    return lines, total


def fulfilment_evidence(
    *,
    user: User,
    commitment: Commitment,
    ticket_pk: int | None,
    order_number: str,
    fields: tuple[str, str],
) -> tuple[Any, Any]:
    """The request (by id) and the order (by number) named as evidence of a kept promise,
    both visible to ``user`` and of the commitment's customer; a ``ValidationFailed``
    under the caller's field names (request field, order field) otherwise. ``None`` /
    an empty number: not named."""
    from django.utils.translation import gettext as _

    from kamdesk.core.errors import ValidationFailed
    from kamdesk.orders.selectors import order_by_number
    from kamdesk.tickets.selectors import tickets_visible_to

    ticket_field, order_field = fields
    ticket = order = None
    if ticket_pk is not None:
        ticket = (
            tickets_visible_to(user=user)
            .filter(pk=ticket_pk, customer_id=commitment.customer_id)
            .first()
        )
        if ticket is None:
            raise ValidationFailed({ticket_field: [_("No such request of this customer.")]})
    if order_number:
        order = order_by_number(user=user, number=order_number)
        if order is None or order.customer_id != commitment.customer_id:
            raise ValidationFailed({order_field: [_("No such order of this customer.")]})
    return ticket, order
