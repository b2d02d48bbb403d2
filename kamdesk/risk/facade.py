"""What other capabilities ask risk, as plain values (no risk model crosses over).

Orders ask two things before an order is approved or submitted: whether a line has a
live port-out request (携号转网服务管理规定: nothing may obstruct the port-out, so no plan
change, value-added service or handset deal on that number), and the onboarding risk of
a new customer (credit tier, industry, payment history), shown beside the approval.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.customers.models import Customer, CustomerStatus, Subscriber
from kamdesk.risk.explain import onboarding_reason_text
from kamdesk.risk.services.portout import port_out_block

# Order items that would obstruct a port-out; SIM replacements and bill payments are
# service and stay allowed.
OBSTRUCTING_ITEMS = frozenset({"plan_change", "vas", "handset"})
NEW_MONTHS = 6


@dataclass(frozen=True)
class OnboardingRisk:
    score: int  # 0 (low) … 10 (high)
    level: str  # low | medium | high
    reasons: tuple[str, ...]  # worded


def port_out_refusal(*, subscriber: Subscriber | None, item_kind: str) -> str | None:
    """Why an order item may not be made for ``subscriber`` now, or None."""
    if subscriber is None or item_kind not in OBSTRUCTING_ITEMS:
        return None
    block = port_out_block(subscriber=subscriber)
    if block is None:
        return None
    return _(
        "The subscriber requested a port-out authorisation code on %(date)s: under the "
        "number-portability rules nothing may obstruct the port-out until %(until)s; only "
        "service care (understanding the reason, fixing a fault) is allowed."
    ) % {
        "date": timezone.localtime(block.requested_at).date().isoformat(),
        "until": timezone.localtime(block.until).date().isoformat(),
    }


def onboarding_risk(*, customer: Customer) -> OnboardingRisk | None:
    """The onboarding risk of a prospect or a customer known for under six months."""
    if customer.status != CustomerStatus.PROSPECT and customer.months_on_network >= NEW_MONTHS:
        return None
    from kamdesk.risk.selectors import onboarding_of

    found = onboarding_of(customer)
    return OnboardingRisk(
        found.score, found.level, tuple(onboarding_reason_text(r) for r in found.reasons)
    )
