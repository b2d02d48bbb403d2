"""API schemas of risk early warning."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from kamdesk.customers.schemas import PageParams, Str300
from kamdesk.risk.explain import anomaly_text, reason_text, trigger_label
from kamdesk.risk.models import Anomaly, Programme, ProgrammeMember, RiskAlert, RiskScore


class ReasonOut(Schema):
    feature: str
    text: str
    value: Any = None
    contribution: float | None = None

    @classmethod
    def of(cls, r: dict[str, Any]) -> ReasonOut:
        value = r.get("value")
        return cls(
            feature=str(r.get("feature", "")),
            text=reason_text(r),
            value=value if isinstance(value, (int, float, str)) else None,
            contribution=r.get("contribution"),
        )


class ScoreOut(Schema):
    customer_id: int
    customer_name: str
    month: dt.date
    probability: float
    flagged: bool
    model_version: int
    reasons: list[ReasonOut]

    @classmethod
    def of(cls, s: RiskScore) -> ScoreOut:
        return cls(
            customer_id=s.customer_id,
            customer_name=s.customer.name,
            month=s.month,
            probability=round(s.probability, 4),
            flagged=s.flagged,
            model_version=s.model.version,
            reasons=[ReasonOut.of(r) for r in s.reasons],
        )


class AlertOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    subscriber_id: int | None
    trigger: str
    trigger_label: str
    source_ref: str
    weight: float
    detail: str
    status: str
    visit_required: bool
    on_site: bool
    due_at: dt.datetime | None
    visit_id: int | None
    outcome: str
    competitor: str
    leaving_reason: str
    dismiss_reason: str
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @classmethod
    def of(cls, a: RiskAlert) -> AlertOut:
        return cls(
            id=a.pk,
            customer_id=a.customer_id,
            customer_name=a.customer.name,
            subscriber_id=a.subscriber_id,
            trigger=a.trigger,
            trigger_label=trigger_label(a.trigger),
            source_ref=a.source_ref,
            weight=a.weight,
            detail=a.detail,
            status=a.status,
            visit_required=a.visit_required,
            on_site=a.on_site,
            due_at=a.due_at,
            visit_id=a.visit_id,
            outcome=a.outcome,
            competitor=a.competitor,
            leaving_reason=a.leaving_reason,
            dismiss_reason=a.dismiss_reason,
            created_at=a.created_at,
            closed_at=a.closed_at,
        )


class AnomalyOut(Schema):
    month: dt.date
    day: dt.date | None = None  # set for a day compared with the same weekday before
    level: str
    kind: str
    metric: str
    severity: str
    change_pct: float
    explanation: str

    @classmethod
    def of(cls, a: Anomaly) -> AnomalyOut:
        return cls(
            month=a.month,
            day=a.day,
            level=a.level,
            kind=a.kind,
            metric=a.metric,
            severity=a.severity,
            change_pct=a.change_pct,
            explanation=anomaly_text(
                kind=a.kind,
                metric=a.metric,
                change_pct=a.change_pct,
                months=a.months,
                current=a.current,
                baseline=a.baseline,
                day=a.day,
            ),
        )


class CustomerRiskOut(Schema):
    customer_id: int
    score: ScoreOut | None
    alerts: list[AlertOut]
    anomalies: list[AnomalyOut]
    port_out_blocked_subscribers: list[int]
    subscribers_lost_12m: int
    revenue_lost_12m: str
    opted_out_of_offers: bool


class AlertQuery(PageParams):
    status: Literal["open", "closed", "dismissed", ""] = ""


class ScoreQuery(PageParams):
    flagged: bool | None = None


class AlertPage(Schema):
    items: list[AlertOut]
    count: int


class ScorePage(Schema):
    items: list[ScoreOut]
    count: int


class CloseIn(Schema):
    outcome: Literal["retained", "offer_accepted", "plan_optimised", "lost", "not_at_risk"]
    competitor: Literal["unicom", "telecom", "broadnet", "other", ""] = ""
    leaving_reason: Str300 = ""


class DismissIn(Schema):
    reason: Str300 = Field(..., min_length=1)


class GroupRates(Schema):
    members: int
    decided: int
    saved: int
    save_rate: float | None


class MemberOut(Schema):
    customer_id: int
    customer_name: str
    probability: float
    control: bool
    action: str
    outcome: str
    reasons: list[ReasonOut]

    @classmethod
    def of(cls, m: ProgrammeMember) -> MemberOut:
        return cls(
            customer_id=m.customer_id,
            customer_name=m.customer.name,
            probability=m.probability,
            control=m.control,
            action=m.action,
            outcome=m.outcome,
            reasons=[ReasonOut.of(r) for r in m.reasons],
        )


class ProgrammeOut(Schema):
    id: int
    name: str
    month: dt.date
    status: str
    control_share: float
    budget: str
    treated: GroupRates | None = None
    control: GroupRates | None = None
    uplift: float | None = None
    members: list[MemberOut] = []

    @classmethod
    def of(cls, p: Programme, **extra: Any) -> ProgrammeOut:
        return cls(
            id=p.pk,
            name=p.name,
            month=p.month,
            status=p.status,
            control_share=p.control_share,
            budget=f"{p.budget:.2f}",
            **extra,
        )


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    count: int
