"""Reads of risk data, scoped like every read: a customer outside the caller's scope,
or a role without the ``risk`` permission, sees nothing (404 on a single object)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.customers.models import Customer
from kamdesk.customers.selectors import customer_get, customers_visible_to
from kamdesk.risk import credit
from kamdesk.risk.models import (
    AlertStatus,
    Anomaly,
    BusinessChange,
    ChurnModelVersion,
    Offer,
    OfferOptOut,
    Outcome,
    Programme,
    ProgrammeMember,
    RiskAlert,
    RiskScore,
)
from kamdesk.risk.services.portout import PortOutBlock, port_out_blocks
from kamdesk.usage.models import EventType, SubscriberEvent, SubscriberMonth
from kamdesk.users.models import User
from kamdesk.users.permissions import can

LEAVING_TYPES = [EventType.CANCELLATION, EventType.PORTED_OUT, EventType.LEFT_GROUP]


def _scope(user: User) -> QuerySet[Customer]:
    return customers_visible_to(user=user, kind="risk")


def alerts_visible_to(*, user: User, status: str = "") -> QuerySet[RiskAlert]:
    qs = RiskAlert.objects.filter(customer__in=_scope(user)).select_related(
        "customer__grade", "customer__manager", "subscriber"
    )
    return qs.filter(status=status) if status else qs


def alert_get(*, user: User, alert_id: int) -> RiskAlert:
    try:
        return alerts_visible_to(user=user).get(pk=alert_id)
    except (RiskAlert.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such alert") from exc


def winback_list(*, user: User) -> QuerySet[RiskAlert]:
    """Customers lost to a competitor: the win-back list."""
    return alerts_visible_to(user=user, status=AlertStatus.CLOSED).filter(outcome=Outcome.LOST)


def latest_month() -> dt.date | None:
    return RiskScore.objects.filter(model__is_active=True).aggregate(m=Max("month"))["m"]


def scores_visible_to(*, user: User, month: dt.date | None = None) -> QuerySet[RiskScore]:
    month = month or latest_month()
    qs = RiskScore.objects.filter(customer__in=_scope(user), model__is_active=True)
    if month is None:
        return qs.none()
    return qs.filter(month=month).select_related("customer__grade", "customer__manager")


@dataclass(frozen=True)
class BoardCell:
    risk: str  # high | medium | low
    value: str  # high | medium | low
    scores: list[RiskScore]


def _band(p: float, cut: float) -> str:
    return "high" if p >= cut else ("medium" if p >= cut / 2 else "low")


def risk_board(*, user: User, month: dt.date | None = None) -> list[list[BoardCell]]:
    """Risk × value: rows high → low risk, columns high → low value (spend terciles)."""
    scores = list(scores_visible_to(user=user, month=month))
    if not scores:
        return []
    cut = scores[0].model.threshold
    values = sorted(s.value_fen for s in scores)
    hi, lo = values[int(len(values) * 2 / 3)], values[int(len(values) / 3)]
    grid: dict[tuple[str, str], list[RiskScore]] = {}
    for s in scores:
        value = "high" if s.value_fen >= hi else ("medium" if s.value_fen >= lo else "low")
        grid.setdefault((_band(s.probability, cut), value), []).append(s)
    bands = ("high", "medium", "low")
    return [
        [BoardCell(r, v, sorted(grid.get((r, v), []), key=lambda s: -s.probability)) for v in bands]
        for r in bands
    ]


@dataclass(frozen=True)
class ManagerLine:
    manager: str
    open_alerts: int
    overdue: int
    flagged: int


def board_by_manager(*, user: User, now: dt.datetime) -> list[ManagerLine]:
    """A supervisor's team: open and overdue alerts and flagged customers per manager."""
    from django.db.models import Count, Q

    alerts = (
        alerts_visible_to(user=user, status=AlertStatus.OPEN)
        .values("customer__manager__username")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now)))
    )
    flagged = dict(
        scores_visible_to(user=user)
        .filter(flagged=True)
        .values("customer__manager__username")
        .annotate(n=Count("pk"))
        .values_list("customer__manager__username", "n")
    )
    lines = {a["customer__manager__username"] or "—": (a["n"], a["late"]) for a in alerts}
    names = sorted(set(lines) | {k or "—" for k in flagged})
    return [
        ManagerLine(
            name, lines.get(name, (0, 0))[0], lines.get(name, (0, 0))[1], flagged.get(name, 0)
        )
        for name in names
    ]


@dataclass
class GroupChurn:
    subscribers_lost: int
    revenue_lost_fen: int
    events: list[SubscriberEvent] = field(default_factory=list)


def group_churn(*, customer: Customer, since: dt.date) -> GroupChurn:
    """Member subscribers lost since ``since`` and their last monthly spend."""
    events = list(
        SubscriberEvent.objects.filter(
            customer=customer, type__in=LEAVING_TYPES, occurred_at__date__gte=since
        ).order_by("-occurred_at")
    )
    lost = {e.subscriber_id for e in events}
    revenue = 0
    for sid in lost:
        last = (
            SubscriberMonth.objects.filter(subscriber_id=sid, total_fen__gt=0)
            .order_by("-month")
            .values_list("total_fen", flat=True)
            .first()
        )
        revenue += last or 0
    return GroupChurn(len(lost), revenue, events[:20])


@dataclass
class CustomerRisk:
    customer: Customer
    score: RiskScore | None
    alerts: list[RiskAlert]
    anomalies: list[Anomaly]
    events: list[SubscriberEvent]
    port_outs: list[PortOutBlock]
    changes: list[BusinessChange]
    offers: list[Offer]
    opted_out: bool
    churn: GroupChurn
    arrears: credit.ArrearsStatus | None
    onboarding: credit.Onboarding | None


def _arrears(customer: Customer, today: dt.date) -> credit.ArrearsStatus:
    from django.db.models import F

    from kamdesk.usage.models import Bill

    unpaid = Bill.objects.filter(
        customer=customer, is_current=True, due_date__isnull=False, paid_fen__lt=F("total_fen")
    )
    owed = sum(b.total_fen - b.paid_fen for b in unpaid)
    oldest = min((b.due_date for b in unpaid if b.due_date), default=None)
    return credit.arrears_status(
        tier_code=customer.credit_tier, arrears_fen=owed, oldest_due=oldest, today=today
    )


def onboarding_of(customer: Customer) -> credit.Onboarding:
    from kamdesk.usage.models import Bill

    late = Bill.objects.filter(
        customer=customer, is_current=True, paid_fen__lt=1, total_fen__gt=0
    ).count()
    return credit.onboarding_assess(
        tier_code=customer.credit_tier,
        industry=customer.industry,
        late_payments=late,
        months_known=customer.months_on_network,
    )


def customer_risk(*, user: User, customer_id: int) -> CustomerRisk:
    customer = customer_get(user=user, customer_id=customer_id, kind="risk")
    if not can(user, "view", "risk"):
        raise Http404("No such customer")
    today = timezone.localdate()
    score = (
        RiskScore.objects.filter(customer=customer, model__is_active=True)
        .select_related("model")
        .order_by("-month")
        .first()
    )
    return CustomerRisk(
        customer=customer,
        score=score,
        alerts=list(RiskAlert.objects.filter(customer=customer).select_related("subscriber")[:20]),
        anomalies=list(Anomaly.objects.filter(customer=customer).exclude(severity="low")[:20]),
        events=list(SubscriberEvent.objects.filter(customer=customer)[:10]),
        port_outs=port_out_blocks(customer=customer),
        changes=list(BusinessChange.objects.filter(customer=customer)[:10]),
        offers=list(
            Offer.objects.filter(customer=customer).select_related(
                "subscriber", "member__programme"
            )[:10]
        ),
        opted_out=OfferOptOut.objects.filter(customer=customer).exists(),
        churn=group_churn(customer=customer, since=today - dt.timedelta(days=365)),
        arrears=_arrears(customer, today),
        onboarding=onboarding_of(customer)
        if customer.status == "prospect" or customer.months_on_network < 6
        else None,
    )


def offer_get(*, user: User, offer_id: int) -> Offer:
    """A retention offer of a customer in scope (404 otherwise)."""
    if not can(user, "view", "risk"):
        raise Http404("No such offer")
    try:
        return (
            Offer.objects.filter(customer__in=_scope(user))
            .select_related("customer", "subscriber", "member__programme")
            .get(pk=offer_id)
        )
    except (Offer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such offer") from exc


def programmes_visible_to(*, user: User) -> QuerySet[Programme]:
    if not can(user, "list", "risk"):
        return Programme.objects.none()
    return Programme.objects.all()


def programme_get(*, user: User, programme_id: int) -> Programme:
    try:
        return programmes_visible_to(user=user).get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such programme") from exc


def members_visible_to(*, user: User, programme: Programme) -> QuerySet[ProgrammeMember]:
    return programme.members.filter(customer__in=_scope(user)).select_related("customer__grade")


def member_get(*, user: User, member_id: int) -> ProgrammeMember:
    try:
        return (
            ProgrammeMember.objects.filter(customer__in=_scope(user))
            .select_related("programme", "customer")
            .get(pk=member_id)
        )
    except (ProgrammeMember.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such member") from exc


def models_list() -> QuerySet[ChurnModelVersion]:
    return ChurnModelVersion.objects.defer("blob").select_related("trained_by")
