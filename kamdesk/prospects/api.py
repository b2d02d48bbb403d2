"""/api/v1/prospects, /competitors and /market: prospect customers, competitor offers and
presences, and the market view per region."""

from __future__ import annotations

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status
from ninja.errors import HttpError

from kamdesk.customers.schemas import (
    MAX_ID,
    ApiRequest,
    Body,
    Money,
    PageParams,
    Str50,
    Str200,
    Str300,
    Str4000,
    answers,
    money,
    paginate,
)
from kamdesk.customers.selectors import customer_get
from kamdesk.prospects.models import Competitor, CompetitorOffer, CompetitorPresence, Prospect
from kamdesk.prospects.selectors import (
    LostCustomer,
    competitor_get,
    competitors_visible_to,
    customers_lost_to,
    market_view,
    onboarding_risk,
    presences_of,
    prospect_get,
    prospects_visible_to,
)
from kamdesk.prospects.services import (
    offer_record,
    presence_record,
    prospect_create,
    prospect_update,
)
from kamdesk.users.permissions import can

router = Router(tags=["prospects"])
Id = PathEx[int, P(ge=1, le=MAX_ID)]
StageIn = Literal["identified", "contacted", "needs", "proposal", "negotiation", "won", "lost"]
SourceIn = Literal["referral", "tender", "park", "event", "inbound", "win_back"]
OperatorIn = Literal["cmcc", "unicom", "telecom", "broadnet", "other"]


def _need(user, action: str) -> None:  # type: ignore[no-untyped-def]
    if not can(user, "view", "prospect"):
        raise HttpError(404, _("Not found."))
    if action != "view" and not can(user, action, "prospect"):
        raise HttpError(403, _("You may not change prospects."))


class ProspectQuery(PageParams):
    stage: Literal[
        "", "identified", "contacted", "needs", "proposal", "negotiation", "won", "lost"
    ] = ""
    region: Str50 = ""


class RiskOut(Schema):
    score: int
    level: str
    reasons: list[str]


class ProspectOut(Schema):
    id: int
    name: str
    region: str
    industry: str
    source: str
    employees: int
    subscribers_estimate: int
    current_operator: str
    estimated_value: Money
    credit_tier: str
    stage: str
    next_step: str
    next_step_on: str | None
    owner: str
    onboarding_risk: RiskOut | None

    @classmethod
    def of(cls, p: Prospect) -> ProspectOut:
        risk = onboarding_risk(p)
        return cls(
            id=p.pk,
            name=p.name,
            region=p.region,
            industry=p.industry,
            source=p.source,
            employees=p.employees,
            subscribers_estimate=p.subscribers_estimate,
            current_operator=p.current_operator,
            estimated_value=money(p.estimated_value),
            credit_tier=p.credit_tier,
            stage=p.stage,
            next_step=p.next_step,
            next_step_on=p.next_step_on.isoformat() if p.next_step_on else None,
            owner=p.owner.username,
            onboarding_risk=RiskOut(score=risk.score, level=risk.level, reasons=list(risk.reasons))
            if risk
            else None,
        )


class ProspectPage(Schema):
    items: list[ProspectOut]
    count: int


class ProspectIn(Body):
    name: Str200
    region: Str50
    industry: Str50 = ""
    source: SourceIn
    employees: int = Field(0, ge=0, le=10_000_000)
    subscribers_estimate: int = Field(0, ge=0, le=10_000_000)
    current_operator: OperatorIn = "other"
    estimated_value: Money = "0.00"
    credit_tier: Annotated[str, Field(max_length=8)] = ""
    stage: StageIn = "identified"
    next_step: Str200 = ""
    next_step_on: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    notes: Str4000 = ""


class ProspectPatch(Body):
    stage: StageIn | None = None
    next_step: Str200 | None = None
    next_step_on: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    estimated_value: Money | None = None
    current_operator: OperatorIn | None = None
    notes: Str4000 | None = None


class OfferOut(Schema):
    id: int
    title: str
    monthly_price: Money
    details: str
    seen_on: str
    seen_at_customer_id: int | None

    @classmethod
    def of(cls, o: CompetitorOffer) -> OfferOut:
        return cls(
            id=o.pk,
            title=o.title,
            monthly_price=money(o.monthly_price),
            details=o.details,
            seen_on=o.seen_on.isoformat(),
            seen_at_customer_id=o.seen_at_id,
        )


class PresenceOut(Schema):
    id: int
    customer_id: int | None
    prospect_id: int | None
    subscribers: int
    outcome: str
    note: str
    noted_on: str

    @classmethod
    def of(cls, p: CompetitorPresence) -> PresenceOut:
        return cls(
            id=p.pk,
            customer_id=p.customer_id,
            prospect_id=p.prospect_id,
            subscribers=p.subscribers,
            outcome=p.outcome,
            note=p.note,
            noted_on=p.noted_on.isoformat(),
        )


class CompetitorOut(Schema):
    id: int
    operator: str
    name: str
    strengths: str
    weaknesses: str

    @classmethod
    def of(cls, c: Competitor) -> CompetitorOut:
        return cls(
            id=c.pk,
            operator=c.operator,
            name=c.name,
            strengths=c.strengths,
            weaknesses=c.weaknesses,
        )


class LostOut(Schema):
    """A customer whose retention alert closed as lost to this competitor."""

    customer_id: int
    name: str
    closed_on: str | None
    reason: str

    @classmethod
    def of(cls, lost: LostCustomer) -> LostOut:
        return cls(
            customer_id=lost.customer_id,
            name=lost.name,
            closed_on=lost.closed_on.isoformat() if lost.closed_on else None,
            reason=lost.reason,
        )


class CompetitorDetailOut(CompetitorOut):
    offers: list[OfferOut]
    presences: list[PresenceOut]
    lost_customers: list[LostOut]


class OfferIn(Body):
    title: Str200
    monthly_price: Money
    details: Str4000 = ""
    seen_on: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)


class PresenceIn(Body):
    customer_id: int = Field(ge=1, le=MAX_ID)
    subscribers: int = Field(0, ge=0, le=10_000_000)
    outcome: Literal["present", "won", "lost"] = "present"
    note: Str300 = ""


class ShareOut(Schema):
    operator: str
    lines: int
    share_percent: float


class RegionOut(Schema):
    region: str
    key_accounts: int
    our_lines: int
    prospects: int
    prospects_value: Money
    shares: list[ShareOut]


@router.get("/prospects", response=answers({200: ProspectPage}))
def list_prospects(request: ApiRequest, params: Query[ProspectQuery]):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    qs = prospects_visible_to(user=request.auth, stage=params.stage, region=params.region)
    return paginate(qs, params, ProspectOut.of)


@router.post("/prospects", response=answers({201: ProspectOut}, write=True))
def create_prospect(request: ApiRequest, payload: ProspectIn):  # type: ignore[no-untyped-def]
    _need(request.auth, "change")
    return Status(
        201, ProspectOut.of(prospect_create(actor=request.auth, data=payload.model_dump()))
    )


@router.get("/prospects/{prospect_id}", response=answers({200: ProspectOut}))
def get_prospect(request: ApiRequest, prospect_id: Id):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return ProspectOut.of(prospect_get(user=request.auth, prospect_id=prospect_id))


@router.patch("/prospects/{prospect_id}", response=answers({200: ProspectOut}, write=True))
def update_prospect(request: ApiRequest, prospect_id: Id, payload: ProspectPatch):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    prospect = prospect_get(user=request.auth, prospect_id=prospect_id)
    _need(request.auth, "change")
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    return ProspectOut.of(prospect_update(actor=request.auth, prospect=prospect, data=data))


@router.get("/competitors", response=answers({200: list[CompetitorOut]}))
def list_competitors(request: ApiRequest):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return [CompetitorOut.of(c) for c in competitors_visible_to(user=request.auth)]


def _competitor(request: ApiRequest, competitor: Competitor) -> CompetitorDetailOut:
    return CompetitorDetailOut(
        **CompetitorOut.of(competitor).model_dump(),
        offers=[OfferOut.of(o) for o in competitor.offers.all()],
        presences=[
            PresenceOut.of(p) for p in presences_of(user=request.auth, competitor=competitor)
        ],
        lost_customers=[
            LostOut.of(c) for c in customers_lost_to(user=request.auth, competitor=competitor)
        ],
    )


@router.get("/competitors/{competitor_id}", response=answers({200: CompetitorDetailOut}))
def get_competitor(request: ApiRequest, competitor_id: Id):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return _competitor(request, competitor_get(user=request.auth, competitor_id=competitor_id))


@router.post("/competitors/{competitor_id}/offers", response=answers({201: OfferOut}, write=True))
def add_offer(request: ApiRequest, competitor_id: Id, payload: OfferIn):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    competitor = competitor_get(user=request.auth, competitor_id=competitor_id)
    _need(request.auth, "change")
    seen_at = None
    if payload.customer_id is not None:
        seen_at = customer_get(user=request.auth, customer_id=payload.customer_id)
    offer = offer_record(
        actor=request.auth,
        competitor=competitor,
        title=payload.title,
        monthly_price=payload.monthly_price,
        details=payload.details,
        seen_on=payload.seen_on,
        seen_at=seen_at,
    )
    return Status(201, OfferOut.of(offer))


@router.post(
    "/competitors/{competitor_id}/presences", response=answers({201: PresenceOut}, write=True)
)
def add_presence(request: ApiRequest, competitor_id: Id, payload: PresenceIn):  # type: ignore[no-untyped-def]
    """A competitor at one of our customers: their lines there, and the outcome."""
    _need(request.auth, "view")
    competitor = competitor_get(user=request.auth, competitor_id=competitor_id)
    customer = customer_get(user=request.auth, customer_id=payload.customer_id)
    _need(request.auth, "change")
    presence = presence_record(
        actor=request.auth,
        competitor=competitor,
        customer=customer,
        subscribers=payload.subscribers,
        outcome=payload.outcome,
        note=payload.note,
    )
    return Status(201, PresenceOut.of(presence))


@router.get("/market", response=answers({200: list[RegionOut]}))
def market(request: ApiRequest):  # type: ignore[no-untyped-def]
    """Per region: key accounts, prospects and the share of known lines per operator."""
    _need(request.auth, "view")
    return [
        RegionOut(
            region=r.region,
            key_accounts=r.customers,
            our_lines=r.our_lines,
            prospects=r.prospects,
            prospects_value=money(r.prospect_value),
            shares=[
                ShareOut(operator=op, lines=n, share_percent=round(s, 1)) for op, n, s in r.shares()
            ],
        )
        for r in market_view(user=request.auth)
    ]
