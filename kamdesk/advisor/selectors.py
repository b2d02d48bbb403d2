"""Reads of the adviser, scoped like the customers they belong to.

Out of scope, or without the ``advice`` permission, a row does not exist (``Http404``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, F, QuerySet
from django.http import Http404

from kamdesk.advisor.models import (
    Opportunity,
    OpportunityRule,
    OpportunityStatus,
    Optimisation,
    Proposal,
)
from kamdesk.customers.models import Customer
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.users.models import User
from kamdesk.users.permissions import can

KIND = "advice"


def _visible(user: User) -> QuerySet[Customer]:
    if not can(user, "view", KIND):
        return Customer.objects.none()
    return customers_visible_to(user=user, kind=KIND)


def optimisations_visible_to(*, user: User) -> QuerySet[Optimisation]:
    return Optimisation.objects.filter(customer__in=_visible(user)).select_related("customer")


def optimisation_get(*, user: User, optimisation_id: int) -> Optimisation:
    try:
        return optimisations_visible_to(user=user).get(pk=optimisation_id)
    except (Optimisation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such optimisation") from exc


def optimisation_latest(*, user: User, customer: Customer) -> Optimisation | None:
    return optimisations_visible_to(user=user).filter(customer=customer).first()


def opportunities_visible_to(
    *, user: User, status: str = "", rule: str = "", customer_id: int | None = None
) -> QuerySet[Opportunity]:
    """Opportunities in scope, the most valuable first (the manager's ranking)."""
    qs = Opportunity.objects.filter(customer__in=_visible(user)).select_related("customer")
    if status:
        qs = qs.filter(status=status)
    if rule:
        qs = qs.filter(rule=rule)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    return qs.order_by("-estimated_value", "pk")


def opportunity_get(*, user: User, opportunity_id: int) -> Opportunity:
    try:
        return opportunities_visible_to(user=user).get(pk=opportunity_id)
    except (Opportunity.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such opportunity") from exc


@dataclass(frozen=True)
class RuleRate:
    """How often a rule's opportunities were taken up, among those decided."""

    rule: str
    label: str
    open: int
    accepted: int
    proposed: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.accepted + self.proposed + self.rejected

    @property
    def hit_rate(self) -> float | None:
        return (self.accepted + self.proposed) / self.decided if self.decided else None


def rule_hit_rates(*, user: User) -> list[RuleRate]:
    counts = {
        (row["rule"], row["status"]): row["n"]
        for row in opportunities_visible_to(user=user)
        .order_by()
        .values("rule", "status")
        .annotate(n=Count("id"))
    }
    return [
        RuleRate(
            rule=rule.value,
            label=str(rule.label),
            **{s.value: counts.get((rule.value, s.value), 0) for s in OpportunityStatus},
        )
        for rule in OpportunityRule
    ]


def proposals_visible_to(
    *, user: User, status: str = "", customer_id: int | None = None
) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(customer__in=_visible(user)).select_related(
        "customer", "created_by"
    )
    if status:
        qs = qs.filter(status=status)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    return qs


def proposal_get(*, user: User, proposal_id: int) -> Proposal:
    try:
        return proposals_visible_to(user=user).prefetch_related("items").get(pk=proposal_id)
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such proposal") from exc


def proposal_order(*, user: User, proposal: Proposal, number: str) -> Any:
    """The order numbered ``number`` if it is an order of ``proposal``'s customer that
    ``user`` may open; None otherwise, or without the orders capability."""
    if not number or not apps.is_installed("kamdesk.orders"):
        return None
    from kamdesk.orders.selectors import order_by_number

    order = order_by_number(user=user, number=number)
    return order if order is not None and order.customer_id == proposal.customer_id else None


def proposal_order_id(*, user: User, proposal: Proposal) -> int | None:
    """The id of the order that realises ``proposal``, where ``user`` may open it (the
    page links to it); None without an order, the orders capability or access."""
    order = proposal_order(user=user, proposal=proposal, number=proposal.order_ref)
    return order.pk if order is not None else None


def open_opportunity_count(*, user: User) -> int:
    return opportunities_visible_to(user=user, status=OpportunityStatus.OPEN).count()


def lines_of(*, optimisation: Optimisation, changed_only: bool = False):  # type: ignore[no-untyped-def]
    qs = optimisation.lines.select_related("subscriber").order_by("kind", "-current_fen")
    if changed_only:
        qs = qs.filter(recommended_fen__lt=F("current_fen"))
    return qs
