"""Reads of prospects, competitors and the market view, scoped like customers: a manager
sees their own prospects, a supervisor their team's, the system administrator all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kamdesk.customers.models import Customer
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.prospects.models import Competitor, CompetitorPresence, Outcome, Prospect
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can
from kamdesk.users.selectors import team_member_ids

KIND = "prospect"


def prospects_visible_to(*, user: User, stage: str = "", region: str = "") -> QuerySet[Prospect]:
    if not can(user, "view", KIND):
        return Prospect.objects.none()
    qs = Prospect.objects.select_related("owner", "customer")
    if user.role == Role.MANAGER:
        qs = qs.filter(owner=user)
    elif user.role == Role.SUPERVISOR:
        qs = qs.filter(owner_id__in=team_member_ids(supervisor=user))
    elif user.role != Role.SYSTEM_ADMIN:
        return qs.none()
    if stage:
        qs = qs.filter(stage=stage)
    if region:
        qs = qs.filter(region=region)
    return qs


def prospect_get(*, user: User, prospect_id: int) -> Prospect:
    try:
        return prospects_visible_to(user=user).get(pk=prospect_id)
    except (Prospect.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such prospect") from exc


def competitors_visible_to(*, user: User) -> QuerySet[Competitor]:
    if not can(user, "view", KIND):
        return Competitor.objects.none()
    return Competitor.objects.annotate(offer_count=Count("offers", distinct=True))


def competitor_get(*, user: User, competitor_id: int) -> Competitor:
    try:
        return competitors_visible_to(user=user).get(pk=competitor_id)
    except (Competitor.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such competitor") from exc


def presences_of(*, user: User, competitor: Competitor) -> QuerySet[CompetitorPresence]:
    """Where a competitor is present, among the customers and prospects in scope."""
    visible = customers_visible_to(user=user)
    prospects = prospects_visible_to(user=user)
    return competitor.presences.filter(
        Q(customer__in=visible) | Q(prospect__in=prospects)
    ).select_related("customer", "prospect")


@dataclass
class RegionRow:
    region: str
    customers: int = 0
    our_lines: int = 0
    prospects: int = 0
    prospect_value: Decimal = Decimal(0)
    lines_by_operator: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def known_lines(self) -> int:
        return sum(self.lines_by_operator.values())

    def shares(self) -> list[tuple[str, int, float]]:
        total = self.known_lines or 1
        return sorted(
            ((op, n, 100 * n / total) for op, n in self.lines_by_operator.items()),
            key=lambda row: -row[1],
        )


def _current_lines(today: dt.date) -> Q:
    """Subscribers of a customer that are its lines today (not ported out or cancelled)."""
    return (
        Q(subscribers__valid_from__lte=today)
        & (Q(subscribers__valid_to__isnull=True) | Q(subscribers__valid_to__gt=today))
        & Q(subscribers__status__in=["active", "suspended"])
    )


def _competitor_lines(customers: QuerySet[Customer]) -> list[tuple[str, str, int]]:
    """(region, operator, lines) of competitors at these customers: the latest record of
    each competitor at each customer (a later record replaces an earlier count). Lines
    we won from them are ours now, so those records are left out."""
    latest: dict[tuple[int, str], tuple[str, str, int]] = {}
    rows = (
        CompetitorPresence.objects.filter(customer__in=customers)
        .exclude(outcome=Outcome.WON_FROM_THEM)
        .order_by("-noted_on", "-pk")
        .values_list("customer_id", "customer__region", "competitor__operator", "subscribers")
    )
    for customer_id, region, operator, lines in rows:
        latest.setdefault((customer_id, operator), (region or "—", operator, lines))
    return list(latest.values())


def market_view(*, user: User, today: dt.date | None = None) -> list[RegionRow]:
    """Per region: our key accounts in scope and their current lines, prospects, and the
    lines known to be with each operator (ours counted as China Mobile's)."""
    today = today or timezone.localdate()
    rows: dict[str, RegionRow] = {}
    customers = (
        customers_visible_to(user=user) if can(user, "view", KIND) else Customer.objects.none()
    )
    for row in customers.values("region").annotate(
        n=Count("id", distinct=True), lines=Count("subscribers", filter=_current_lines(today))
    ):
        entry = rows.setdefault(row["region"] or "—", RegionRow(region=row["region"] or "—"))
        entry.customers += row["n"]
        entry.our_lines += row["lines"]
        entry.lines_by_operator["cmcc"] += row["lines"]
    for row in (
        prospects_visible_to(user=user)
        .values("region", "current_operator")
        .annotate(n=Count("id"), lines=Sum("subscribers_estimate"), value=Sum("estimated_value"))
    ):
        entry = rows.setdefault(row["region"], RegionRow(region=row["region"]))
        entry.prospects += row["n"]
        entry.prospect_value += Decimal(row["value"] or 0)
        entry.lines_by_operator[row["current_operator"]] += row["lines"] or 0
    for region, operator, lines in _competitor_lines(customers):
        entry = rows.setdefault(region, RegionRow(region=region))
        entry.lines_by_operator[operator] += lines
    return sorted(rows.values(), key=lambda r: r.region)


@dataclass(frozen=True)
class LostCustomer:
    """A customer whose retention alert closed as lost to a competitor (issue 8)."""

    customer_id: int
    name: str
    closed_on: dt.date | None
    reason: str


def customers_lost_to(*, user: User, competitor: Competitor) -> list[LostCustomer]:
    """Customers in scope lost to ``competitor``, from the early warning's outcomes, the
    latest first; empty where that capability is not installed or the role may not see
    risk (its own selector applies the scope and the matrix)."""
    if not apps.is_installed("kamdesk.risk"):
        return []
    from kamdesk.risk.selectors import winback_list

    found: dict[int, LostCustomer] = {}
    alerts = winback_list(user=user).filter(competitor=competitor.operator)
    for alert in alerts.order_by("-closed_at", "-pk")[:200]:
        if alert.customer_id not in found:
            found[alert.customer_id] = LostCustomer(
                customer_id=alert.customer_id,
                name=alert.customer.name,
                closed_on=timezone.localdate(alert.closed_at) if alert.closed_at else None,
                reason=alert.leaving_reason,
            )
    return list(found.values())


def onboarding_risk(prospect: Prospect):  # type: ignore[no-untyped-def]
    """The churn issue's onboarding risk assessment, where that capability is installed."""
    try:
        from kamdesk.risk.credit import onboarding_assess
    except ImportError:
        return None
    months = 0
    if prospect.first_contact_on is not None:
        from django.utils import timezone

        months = max(0, (timezone.localdate() - prospect.first_contact_on).days // 30)
    return onboarding_assess(
        tier_code=prospect.credit_tier,
        industry=prospect.industry,
        late_payments=0,
        months_known=months,
    )
