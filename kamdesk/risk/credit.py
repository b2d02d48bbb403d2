"""Credit tiers and arrears: how long arrears run before suspension (pure).

A tier sets the payment cycle (days after the bill's due date before it counts as
overdue) and the grace before suspension. The operator's credit control suspends; KAM
Desk warns the manager before it happens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    code: str
    payment_days: int  # after the due date before a bill is overdue
    grace_days: int  # overdue days before suspension


TIERS: dict[str, Tier] = {
    "AAA": Tier("AAA", 30, 90),
    "AA": Tier("AA", 15, 60),
    "A": Tier("A", 10, 30),
    "B": Tier("B", 5, 15),
    "C": Tier("C", 0, 5),
}
DEFAULT_TIER = TIERS["B"]
WARN_DAYS = 10


@dataclass(frozen=True)
class ArrearsStatus:
    tier: str
    arrears_fen: int
    overdue_days: int
    days_to_suspension: int | None
    level: str  # none | watch | warning | suspension_due


def tier_of(code: str) -> Tier:
    return TIERS.get((code or "").strip().upper(), DEFAULT_TIER)


def arrears_status(
    *, tier_code: str, arrears_fen: int, oldest_due: dt.date | None, today: dt.date
) -> ArrearsStatus:
    """Where a customer's arrears stand under its credit tier."""
    tier = tier_of(tier_code)
    if arrears_fen <= 0 or oldest_due is None:
        return ArrearsStatus(tier.code, 0, 0, None, "none")
    overdue = (today - oldest_due).days - tier.payment_days
    if overdue <= 0:
        return ArrearsStatus(tier.code, arrears_fen, 0, None, "watch")
    left = tier.grace_days - overdue
    level = "suspension_due" if left <= 0 else ("warning" if left <= WARN_DAYS else "watch")
    return ArrearsStatus(tier.code, arrears_fen, overdue, max(left, 0), level)


INDUSTRY_RISK = {"房地产": 2, "建筑": 2, "餐饮": 1, "零售": 1, "教育": 1}


@dataclass(frozen=True)
class Onboarding:
    score: int  # 0 (low) … 10 (high)
    level: str  # low | medium | high
    reasons: tuple[str, ...]


def onboarding_assess(
    *, tier_code: str, industry: str, late_payments: int, months_known: int
) -> Onboarding:
    """A new or prospect customer's risk before an order is approved.

    Reasons are codes (``tier``, ``industry``, ``late_payments``, ``new``) that the
    page words.
    """
    reasons: list[str] = []
    score = {"AAA": 0, "AA": 1, "A": 2, "B": 4, "C": 6}.get(tier_of(tier_code).code, 4)
    if score >= 4:
        reasons.append("tier")
    industry_points = next((p for k, p in INDUSTRY_RISK.items() if k in (industry or "")), 0)
    if industry_points:
        reasons.append("industry")
    score += industry_points
    if late_payments:
        reasons.append("late_payments")
        score += min(late_payments, 3)
    if months_known < 6:
        reasons.append("new")
        score += 1
    score = min(score, 10)
    level = "high" if score >= 6 else ("medium" if score >= 3 else "low")
    return Onboarding(score, level, tuple(reasons))
