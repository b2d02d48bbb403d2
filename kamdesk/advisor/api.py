"""/api/v1/optimisations, /opportunities and /proposals: the adviser's reads and writes,
through the same selectors (scope) and services as the pages. Out of scope is 404."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Status
from ninja.errors import HttpError

from kamdesk.advisor.pdf import totals
from kamdesk.advisor.schemas import (
    DecisionIn,
    ItemOut,
    LineOut,
    OpportunityOut,
    OpportunityPage,
    OpportunityQuery,
    OptimisationDetailOut,
    OptimisationIn,
    OptimisationOut,
    OptimisationPage,
    OptimisationQuery,
    OrderLinkIn,
    ProposalDetailOut,
    ProposalEditIn,
    ProposalIn,
    ProposalOut,
    ProposalPage,
    ProposalQuery,
    ProposalStatusIn,
    RuleRateOut,
    ScanIn,
    ScanOut,
)
from kamdesk.advisor.selectors import (
    lines_of,
    opportunities_visible_to,
    opportunity_get,
    optimisation_get,
    optimisations_visible_to,
    proposal_get,
    proposals_visible_to,
    rule_hit_rates,
)
from kamdesk.advisor.services import optimisation_run
from kamdesk.advisor.services_opportunities import (
    opportunities_scan,
    opportunity_accept,
    opportunity_propose,
    opportunity_reject,
)
from kamdesk.advisor.services_proposals import (
    proposal_edit,
    proposal_from_optimisation,
    proposal_link_order,
    proposal_set_status,
)
from kamdesk.customers.schemas import MAX_ID, ApiRequest, answers, money, paginate
from kamdesk.customers.selectors import customer_get
from kamdesk.users.models import User
from kamdesk.users.permissions import can

router = Router(tags=["adviser"])
Id = PathEx[int, P(ge=1, le=MAX_ID)]


def _need(user: User, action: str) -> None:
    if not can(user, "view", "advice"):
        raise HttpError(404, _("Not found."))
    if action != "view" and not can(user, action, "advice"):
        raise HttpError(403, _("You may not change advice."))


def _detail(run) -> OptimisationDetailOut:  # type: ignore[no-untyped-def]
    lines = [LineOut.of(line) for line in lines_of(optimisation=run)]
    return OptimisationDetailOut(**OptimisationOut.of(run).model_dump(), lines=lines)


@router.get("/optimisations", response=answers({200: OptimisationPage}))
def list_optimisations(request: ApiRequest, params: Query[OptimisationQuery]):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    qs = optimisations_visible_to(user=request.auth)
    if params.customer_id is not None:
        qs = qs.filter(customer_id=params.customer_id)
    return paginate(qs, params, OptimisationOut.of)


@router.post("/optimisations", response=answers({201: OptimisationDetailOut}, write=True))
def create_optimisation(request: ApiRequest, payload: OptimisationIn):  # type: ignore[no-untyped-def]
    """Re-rate the customer's real usage under every eligible, publicly filed plan."""
    customer = customer_get(user=request.auth, customer_id=payload.customer_id, kind="advice")
    _need(request.auth, "change")
    run = optimisation_run(
        actor=request.auth,
        customer=customer,
        today=timezone.localdate(),
        months=payload.months,
        subscriber_ids=payload.subscriber_ids,
    )
    return Status(201, _detail(run))


@router.get("/optimisations/{optimisation_id}", response=answers({200: OptimisationDetailOut}))
def get_optimisation(request: ApiRequest, optimisation_id: Id):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return _detail(optimisation_get(user=request.auth, optimisation_id=optimisation_id))


@router.get("/opportunities", response=answers({200: OpportunityPage}))
def list_opportunities(request: ApiRequest, params: Query[OpportunityQuery]):  # type: ignore[no-untyped-def]
    """Opportunities in scope, the most valuable first."""
    _need(request.auth, "view")
    qs = opportunities_visible_to(
        user=request.auth, status=params.status, rule=params.rule, customer_id=params.customer_id
    )
    return paginate(qs, params, OpportunityOut.of)


@router.get("/opportunities/hit-rates", response=answers({200: list[RuleRateOut]}))
def hit_rates(request: ApiRequest):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return [
        RuleRateOut(
            rule=r.rule,
            label=r.label,
            open=r.open,
            accepted=r.accepted,
            proposed=r.proposed,
            rejected=r.rejected,
            hit_rate=r.hit_rate,
        )
        for r in rule_hit_rates(user=request.auth)
    ]


@router.post("/opportunities/scan", response=answers({200: ScanOut}, write=True))
def scan(request: ApiRequest, payload: ScanIn):  # type: ignore[no-untyped-def]
    customer = customer_get(user=request.auth, customer_id=payload.customer_id, kind="advice")
    _need(request.auth, "change")
    created = opportunities_scan(customer=customer, today=timezone.localdate(), actor=request.auth)
    return ScanOut(created=created)


@router.get("/opportunities/{opportunity_id}", response=answers({200: OpportunityOut}))
def get_opportunity(request: ApiRequest, opportunity_id: Id):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return OpportunityOut.of(opportunity_get(user=request.auth, opportunity_id=opportunity_id))


@router.post(
    "/opportunities/{opportunity_id}/decision", response=answers({200: OpportunityOut}, write=True)
)
def decide(request: ApiRequest, opportunity_id: Id, payload: DecisionIn):  # type: ignore[no-untyped-def]
    """Accept, reject (with a reason) or turn the opportunity into a draft proposal."""
    _need(request.auth, "view")
    opportunity = opportunity_get(user=request.auth, opportunity_id=opportunity_id)
    _need(request.auth, "change")
    if payload.decision == "accept":
        opportunity_accept(opportunity=opportunity, actor=request.auth)
    elif payload.decision == "reject":
        opportunity_reject(opportunity=opportunity, actor=request.auth, reason=payload.reason)
    else:
        opportunity_propose(opportunity=opportunity, actor=request.auth)
    opportunity.refresh_from_db()
    return OpportunityOut.of(opportunity)


def _proposal(proposal) -> ProposalDetailOut:  # type: ignore[no-untyped-def]
    sums = totals(proposal)
    return ProposalDetailOut(
        **ProposalOut.of(proposal).model_dump(),
        situation=proposal.situation,
        solution=proposal.solution,
        terms=proposal.terms,
        decision_note=proposal.decision_note,
        items=[
            ItemOut(
                description=i.description,
                plan_code=i.plan_code,
                filing_number=i.filing_number,
                quantity=i.quantity,
                current_monthly=money(i.current_monthly),
                new_monthly=money(i.new_monthly),
                saving_monthly=money(i.saving_monthly),
            )
            for i in proposal.items.all()
        ],
        customer_saving_monthly=money(sums["saving_month"]),
        customer_saving_yearly=money(sums["saving_year"]),
        operator_revenue_change_yearly=money(sums["revenue_year"]),
    )


@router.get("/proposals", response=answers({200: ProposalPage}))
def list_proposals(request: ApiRequest, params: Query[ProposalQuery]):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    qs = proposals_visible_to(
        user=request.auth, status=params.status, customer_id=params.customer_id
    )
    return paginate(qs, params, ProposalOut.of)


@router.post("/proposals", response=answers({201: ProposalDetailOut}, write=True))
def create_proposal(request: ApiRequest, payload: ProposalIn):  # type: ignore[no-untyped-def]
    """A draft proposal carrying an optimisation's figures."""
    _need(request.auth, "view")
    run = optimisation_get(user=request.auth, optimisation_id=payload.optimisation_id)
    _need(request.auth, "change")
    return Status(201, _proposal(proposal_from_optimisation(optimisation=run, actor=request.auth)))


@router.get("/proposals/{proposal_id}", response=answers({200: ProposalDetailOut}))
def get_proposal(request: ApiRequest, proposal_id: Id):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return _proposal(proposal_get(user=request.auth, proposal_id=proposal_id))


@router.patch("/proposals/{proposal_id}", response=answers({200: ProposalDetailOut}, write=True))
def edit_proposal(request: ApiRequest, proposal_id: Id, payload: ProposalEditIn):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    proposal = proposal_get(user=request.auth, proposal_id=proposal_id)
    _need(request.auth, "change")
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    return _proposal(proposal_edit(proposal=proposal, actor=request.auth, data=data))


@router.post(
    "/proposals/{proposal_id}/status", response=answers({200: ProposalDetailOut}, write=True)
)
def proposal_status(request: ApiRequest, proposal_id: Id, payload: ProposalStatusIn):  # type: ignore[no-untyped-def]
    """Sent, then accepted (optionally with the order that realises it) or rejected."""
    _need(request.auth, "view")
    proposal = proposal_get(user=request.auth, proposal_id=proposal_id)
    _need(request.auth, "change")
    proposal_set_status(
        proposal=proposal,
        actor=request.auth,
        status=payload.status,
        note=payload.note,
        order_ref=payload.order_ref,
    )
    return _proposal(proposal_get(user=request.auth, proposal_id=proposal_id))


@router.post(
    "/proposals/{proposal_id}/order", response=answers({200: ProposalDetailOut}, write=True)
)
def proposal_order(request: ApiRequest, proposal_id: Id, payload: OrderLinkIn):  # type: ignore[no-untyped-def]
    """Link an accepted proposal to the customer's order that realises it."""
    _need(request.auth, "view")
    proposal = proposal_get(user=request.auth, proposal_id=proposal_id)
    _need(request.auth, "change")
    proposal_link_order(proposal=proposal, actor=request.auth, order_ref=payload.order_ref)
    return _proposal(proposal_get(user=request.auth, proposal_id=proposal_id))
