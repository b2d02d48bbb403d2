from kamdesk.advisor.models.opportunity import (
    Opportunity,
    OpportunityRule,
    OpportunityStatus,
)
from kamdesk.advisor.models.optimisation import (
    AddonTerms,
    LineKind,
    Optimisation,
    OptimisationLine,
    PlanTerms,
)
from kamdesk.advisor.models.proposal import Proposal, ProposalItem, ProposalStatus

__all__ = [
    "AddonTerms",
    "LineKind",
    "Opportunity",
    "OpportunityRule",
    "OpportunityStatus",
    "Optimisation",
    "OptimisationLine",
    "PlanTerms",
    "Proposal",
    "ProposalItem",
    "ProposalStatus",
]
