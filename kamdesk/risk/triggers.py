"""Leaving triggers: their weight by value, whether they need a retention visit, the
deadline and whether it is on site (pure: no Django import).

Operators' practice: a port-out authorisation-code request, a cancellation, a plan
downgrade or a 50 % drop in monthly spend opens a retention task answered within 48
hours, on site for high-value customers (groups graded A or B, VIPs diamond or gold).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PORT_OUT = "port_out_code_requested"
CANCELLATION = "cancellation"
DOWNGRADE = "plan_downgrade"
SERVICE_REMOVED = "service_removed"
LEFT_GROUP = "left_group"
CONTRACT_EXPIRING = "contract_expiring"
SPEND_DROP = "spend_drop"
HIGH_RISK = "high_risk"
ARREARS = "arrears"
BUSINESS_CHANGE = "business_change"

BASE_WEIGHT: dict[str, float] = {
    PORT_OUT: 1.0,
    CANCELLATION: 0.9,
    DOWNGRADE: 0.6,
    SERVICE_REMOVED: 0.4,
    LEFT_GROUP: 0.6,
    CONTRACT_EXPIRING: 0.5,
    SPEND_DROP: 0.8,
    HIGH_RISK: 0.8,
    ARREARS: 0.5,
    BUSINESS_CHANGE: 0.7,
}
# Triggers that always need a retention visit, whatever their weight.
ALWAYS_VISIT = frozenset({PORT_OUT, CANCELLATION, DOWNGRADE, SPEND_DROP, HIGH_RISK})
VISIT_WEIGHT = 0.6  # other triggers need a visit from this weight up
CONTRACT_STEPS = (30, 60, 90)
ON_SITE_GRADES = frozenset({"A", "B", "diamond", "gold"})
DEFAULT_HOURS = 48
GRADE_FACTOR = {"A": 1.3, "B": 1.15, "C": 1.0, "D": 0.9, "diamond": 1.3, "gold": 1.15}


@dataclass(frozen=True)
class Trigger:
    kind: str
    weight: float
    visit_required: bool
    on_site: bool
    due_at: dt.datetime | None


def contract_step(days_left: int) -> int | None:
    """The 30/60/90-day step a contract expiring in ``days_left`` days has reached."""
    if days_left < 0:
        return None
    return next((step for step in CONTRACT_STEPS if days_left <= step), None)


def value_factor(*, subscriber_fen: int, customer_fen: int, grade: str) -> float:
    """How much a trigger matters by value: the subscriber's share of the customer's
    spend (a big line leaving matters more) and the customer's grade."""
    share = subscriber_fen / customer_fen if customer_fen > 0 else 1.0
    share_factor = 0.6 + 0.8 * min(max(share, 0.0), 0.5)  # 0.6 … 1.0
    return share_factor * GRADE_FACTOR.get(grade, 1.0)


def trigger_weight(
    kind: str, *, subscriber_fen: int = 0, customer_fen: int = 0, grade: str = "", step: int = 0
) -> float:
    base = BASE_WEIGHT.get(kind, 0.3)
    if kind == CONTRACT_EXPIRING and step:
        base = {30: 0.8, 60: 0.6, 90: 0.4}.get(step, base)
    if kind in (HIGH_RISK, SPEND_DROP, BUSINESS_CHANGE, ARREARS, CONTRACT_EXPIRING):
        subscriber_fen = customer_fen  # customer-level: the whole customer's value
    factor = value_factor(subscriber_fen=subscriber_fen, customer_fen=customer_fen, grade=grade)
    return round(min(base * factor, 1.0), 3)


def on_site(grade: str) -> bool:
    return grade in ON_SITE_GRADES


def trigger_evaluate(
    kind: str,
    *,
    opened_at: dt.datetime,
    grade: str,
    subscriber_fen: int = 0,
    customer_fen: int = 0,
    step: int = 0,
    hours: int = DEFAULT_HOURS,
) -> Trigger:
    """The weight of a trigger and the retention visit it requires, if any."""
    weight = trigger_weight(
        kind, subscriber_fen=subscriber_fen, customer_fen=customer_fen, grade=grade, step=step
    )
    needs = kind in ALWAYS_VISIT or weight >= VISIT_WEIGHT
    return Trigger(
        kind=kind,
        weight=weight,
        visit_required=needs,
        on_site=needs and on_site(grade),
        due_at=opened_at + dt.timedelta(hours=hours) if needs else None,
    )
