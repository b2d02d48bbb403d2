"""Input and output schemas of /api/v1/optimisations, /opportunities and /proposals."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from kamdesk.advisor.models import Opportunity, Optimisation, OptimisationLine, Proposal
from kamdesk.customers.schemas import (
    MAX_ID,
    Body,
    Money,
    PageParams,
    Str64,
    Str200,
    Str300,
    Str4000,
    money,
)
from kamdesk.usage.models import fen_to_yuan

Id = Field(ge=1, le=MAX_ID)


class OptimisationIn(Body):
    customer_id: int = Field(ge=1, le=MAX_ID)
    months: int = Field(12, ge=3, le=12, description="Complete months to re-rate (3–12).")
    subscriber_ids: list[int] | None = Field(
        None, max_length=5000, description="Only these subscribers (ids); all current if absent."
    )


class OptimisationQuery(PageParams):
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)


class LineOut(Schema):
    kind: str
    subscriber_id: int
    number_masked: str
    cards: list[int]
    current_plan: str
    recommended_plan: str
    recommended_addons: list[str]
    filing_number: str
    current_monthly: Money
    recommended_monthly: Money
    saving_monthly: Money
    saving_yearly: Money
    operator_revenue_change_yearly: Money
    months_rated: int
    costlier_months: list[str]
    throttled_months: list[str]
    locked_until: str | None
    alternatives: list[dict[str, object]]
    refused_cheaper: list[dict[str, object]]

    @classmethod
    def of(cls, line: OptimisationLine) -> LineOut:
        from kamdesk.core.masking import mask_number

        return cls(
            kind=line.kind,
            subscriber_id=line.subscriber_id,
            number_masked=mask_number(line.subscriber.number),
            cards=line.cards,
            current_plan=line.current_plan,
            recommended_plan=line.recommended_plan,
            recommended_addons=line.recommended_addons,
            filing_number=line.filing_number,
            current_monthly=money(line.current_month),
            recommended_monthly=money(line.recommended_month),
            saving_monthly=money(line.saving_month),
            saving_yearly=money(line.saving_year),
            operator_revenue_change_yearly=money(line.revenue_change_year),
            months_rated=line.months_rated,
            costlier_months=line.costlier_months,
            throttled_months=line.throttled_months,
            locked_until=line.locked_until.isoformat() if line.locked_until else None,
            alternatives=line.alternatives,
            refused_cheaper=line.refused,
        )


class OptimisationOut(Schema):
    id: int
    customer_id: int
    first_month: str
    last_month: str
    effective_month: str
    subscribers: int
    current_monthly: Money
    recommended_monthly: Money
    customer_saving_monthly: Money
    customer_saving_yearly: Money
    operator_revenue_change_yearly: Money
    billed_total: Money
    contract_minimum_monthly: Money
    notes: list[str]
    created_at: str

    @classmethod
    def of(cls, run: Optimisation) -> OptimisationOut:
        return cls(
            id=run.pk,
            customer_id=run.customer_id,
            first_month=run.first_month.isoformat(),
            last_month=run.last_month.isoformat(),
            effective_month=run.effective_month.isoformat(),
            subscribers=run.subscribers,
            current_monthly=money(run.current_month),
            recommended_monthly=money(run.recommended_month),
            customer_saving_monthly=money(run.saving_month),
            customer_saving_yearly=money(run.saving_year),
            operator_revenue_change_yearly=money(run.revenue_change_year),
            billed_total=money(fen_to_yuan(run.billed_fen)),
            contract_minimum_monthly=money(fen_to_yuan(run.contract_floor_fen)),
            notes=run.note_texts,
            created_at=run.created_at.isoformat(),
        )


class OptimisationDetailOut(OptimisationOut):
    lines: list[LineOut]


class OptimisationPage(Schema):
    items: list[OptimisationOut]
    count: int


OpportunityStatusIn = Literal["", "open", "accepted", "rejected", "proposed"]
RuleIn = Literal[
    "", "heavy_data", "no_vpmn", "roaming", "headcount", "iot_pool", "dedicated_line", "cloud"
]


class OpportunityQuery(PageParams):
    status: OpportunityStatusIn = ""
    rule: RuleIn = ""
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)


class EvidenceOut(Schema):
    key: str
    label: str
    value: str


class OpportunityOut(Schema):
    id: int
    customer_id: int
    rule: str
    title: str
    evidence: list[EvidenceOut]
    estimated_value_yearly: Money
    customer_saving_yearly: Money
    status: str
    reason: str
    proposal_id: int | None
    found_on: str

    @classmethod
    def of(cls, o: Opportunity) -> OpportunityOut:
        from kamdesk.advisor.opportunities import EVIDENCE_LABELS

        return cls(
            id=o.pk,
            customer_id=o.customer_id,
            rule=o.rule,
            title=o.title,
            evidence=[
                EvidenceOut(
                    key=str(e["key"]),
                    label=str(EVIDENCE_LABELS.get(str(e["key"]), e["key"])),
                    value=str(e["value"]),
                )
                for e in o.evidence
            ],
            estimated_value_yearly=money(o.estimated_value),
            customer_saving_yearly=money(o.customer_saving),
            status=o.status,
            reason=o.reason,
            proposal_id=o.proposal_id,
            found_on=o.found_on.isoformat(),
        )


class OpportunityPage(Schema):
    items: list[OpportunityOut]
    count: int


class ScanIn(Body):
    customer_id: int = Field(ge=1, le=MAX_ID)


class ScanOut(Schema):
    created: int


class DecisionIn(Body):
    decision: Literal["accept", "reject", "propose"]
    reason: Str300 = ""


class RuleRateOut(Schema):
    rule: str
    label: str
    open: int
    accepted: int
    proposed: int
    rejected: int
    hit_rate: float | None


class ProposalQuery(PageParams):
    status: Literal["", "draft", "sent", "accepted", "rejected"] = ""
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)


class ProposalIn(Body):
    optimisation_id: int = Field(ge=1, le=MAX_ID)


class ProposalEditIn(Body):
    title: Str200 | None = None
    situation: Str4000 | None = None
    solution: Str4000 | None = None
    terms: Str4000 | None = None


class ProposalStatusIn(Body):
    status: Literal["sent", "accepted", "rejected"]
    note: Str300 = ""
    order_ref: Str64 = Field("", description="Number of the customer's order that realises it.")


class OrderLinkIn(Body):
    order_ref: Str64 = Field(description="Number of the customer's order that realises it.")


class ItemOut(Schema):
    description: str
    plan_code: str
    filing_number: str
    quantity: int
    current_monthly: Money
    new_monthly: Money
    saving_monthly: Money


class ProposalOut(Schema):
    id: int
    customer_id: int
    title: str
    status: str
    template: str
    optimisation_id: int | None
    order_ref: str
    created_at: str

    @classmethod
    def of(cls, p: Proposal) -> ProposalOut:
        return cls(
            id=p.pk,
            customer_id=p.customer_id,
            title=p.title,
            status=p.status,
            template=p.template,
            optimisation_id=p.optimisation_id,
            order_ref=p.order_ref,
            created_at=p.created_at.isoformat(),
        )


class ProposalDetailOut(ProposalOut):
    situation: str
    solution: str
    terms: str
    decision_note: str
    items: list[ItemOut]
    customer_saving_monthly: Money
    customer_saving_yearly: Money
    operator_revenue_change_yearly: Money


class ProposalPage(Schema):
    items: list[ProposalOut]
    count: int
