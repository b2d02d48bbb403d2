"""The adviser's demo: plan terms, the knowledge base, prospects and competitors, then
optimisations, opportunities and proposals on whatever usage aggregates exist.

Runs after the usage demo (``CAPABILITY_DEMOS``); with no aggregates it still loads the
catalogue terms, the knowledge base and the prospects, and says so.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.apps import apps
from django.db.models import Count
from django.utils.translation import gettext as _

from kamdesk.advisor.models import (
    AddonTerms,
    Opportunity,
    OpportunityStatus,
    Optimisation,
    PlanTerms,
    ProposalStatus,
)
from kamdesk.advisor.services import optimisation_run
from kamdesk.advisor.services_opportunities import (
    opportunities_scan,
    opportunity_accept,
    opportunity_propose,
    opportunity_reject,
)
from kamdesk.advisor.services_proposals import proposal_from_optimisation, proposal_set_status
from kamdesk.customers.models import Customer, TariffAddon, TariffPlan
from kamdesk.knowledge.demo import knowledge_demo_load
from kamdesk.prospects.demo import prospects_demo_load
from kamdesk.usage.models import SubscriberMonth

# code: (unlimited, carry-over, free calls in the closed user group, broadband Mbit/s,
#        secondary cards, fee per secondary card)
PLAN_TERMS = {
    "DGDD38": (False, True, False, 0, 0, "0"),
    "DGDD58": (True, False, False, 0, 0, "0"),
    "QQT128": (False, True, False, 0, 0, "0"),
    "QQT188": (False, True, False, 0, 0, "0"),
    "QQT288": (False, True, False, 0, 1, "10"),
    "QQT388": (False, True, False, 0, 2, "10"),
    "QQT588": (False, True, False, 0, 4, "10"),
    "5G128": (True, False, False, 0, 0, "0"),
    "5G198": (True, False, False, 0, 0, "0"),
    "5G298": (True, False, False, 300, 2, "10"),
    "JT58": (False, True, True, 0, 0, "0"),
    "JT98": (False, True, True, 0, 0, "0"),
    "JT158": (False, True, True, 0, 0, "0"),
    "JT238": (False, True, True, 0, 0, "0"),
}
ROAMING_ADDONS = ("ADD-ROAM98",)
MAX_OPTIMISED = 12
MAX_SUBSCRIBERS = 800
REJECTION_REASONS = ("客户今年预算已定，明年再议", "客户已有其他供应商的同类服务", "客户暂无此需求")


def plan_terms_load() -> int:
    made = 0
    for plan in TariffPlan.objects.filter(code__in=PLAN_TERMS):
        unlimited, carry, cug, broadband, cards, fee = PLAN_TERMS[plan.code]
        _terms, created = PlanTerms.objects.get_or_create(
            plan=plan,
            defaults={
                "unlimited_data": unlimited,
                "carry_over": carry,
                "cug_free": cug,
                "broadband_mbps": broadband,
                "secondary_cards": cards,
                "secondary_fee": Decimal(fee),
            },
        )
        made += created
    for addon in TariffAddon.objects.filter(code__in=ROAMING_ADDONS):
        AddonTerms.objects.get_or_create(addon=addon, defaults={"covers_roaming": True})
    return made


def _customers_with_usage() -> list[Customer]:
    """Customers with aggregates, the larger first, of a size the demo rates quickly."""
    counts = (
        SubscriberMonth.objects.values("customer_id")
        .annotate(n=Count("subscriber_id", distinct=True))
        .filter(n__lte=MAX_SUBSCRIBERS)
        .order_by("-n", "customer_id")
    )
    ids = [row["customer_id"] for row in counts[:MAX_OPTIMISED]]
    return list(Customer.objects.filter(pk__in=ids).select_related("manager").order_by("code"))


def _optimise(today: dt.date) -> list[Optimisation]:
    runs = []
    for customer in _customers_with_usage():
        runs.append(optimisation_run(actor=customer.manager, customer=customer, today=today))
    return runs


def _proposals(runs: list[Optimisation]) -> int:
    made = 0
    for run in [r for r in runs if r.saving_month_fen > 0 and r.customer.manager][:8]:
        assert run.customer.manager is not None  # noqa: S101 - filtered above
        proposal = proposal_from_optimisation(optimisation=run, actor=run.customer.manager)
        made += 1
        step = made % 4
        if step >= 1:
            proposal_set_status(
                proposal=proposal, actor=proposal.created_by, status=ProposalStatus.SENT
            )
        if step == 2:
            proposal_set_status(
                proposal=proposal,
                actor=proposal.created_by,
                status=ProposalStatus.ACCEPTED,
                order_ref=_order_of(run.customer),
            )
        if step == 3:
            proposal_set_status(
                proposal=proposal,
                actor=proposal.created_by,
                status=ProposalStatus.REJECTED,
                note="客户希望合同到期后统一调整",
            )
    return made


def _order_of(customer: Customer) -> str:
    """The number of one of the customer's orders (the orders demo runs before this
    one), or "" where it has none: an accepted proposal then waits for its order."""
    if not apps.is_installed("kamdesk.orders"):
        return ""
    from kamdesk.orders.models import Order

    number = Order.objects.filter(customer=customer).order_by("pk").values_list("number", flat=True)
    return number.first() or ""


def _decisions(rng: random.Random) -> None:
    """Decide some opportunities, so that each rule's hit rate has figures."""
    for opportunity in (
        Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        .select_related("customer__manager")
        .order_by("pk")
    ):
        manager = opportunity.customer.manager
        if manager is None:
            continue
        roll = rng.random()
        if roll < 0.2:
            opportunity_accept(opportunity=opportunity, actor=manager)
        elif roll < 0.35:
            opportunity_reject(
                opportunity=opportunity, actor=manager, reason=rng.choice(REJECTION_REASONS)
            )
        elif roll < 0.45:
            opportunity_propose(opportunity=opportunity, actor=manager)


def advisor_demo_load(*, seed: int, today: dt.date) -> str:
    """The adviser's demo; returns a one-line summary for the terminal."""
    started = time.monotonic()
    rng = random.Random(f"{seed}-advisor")
    plan_terms_load()
    articles = knowledge_demo_load()
    prospects = prospects_demo_load(seed=seed, today=today)
    runs = _optimise(today)
    found = sum(
        opportunities_scan(customer=c, today=today)
        for c in Customer.objects.filter(status__in=["active", "at_risk"]).order_by("code")
    )
    _decisions(rng)
    proposals = _proposals(runs)
    return _(
        "Adviser: %(articles)s articles, %(runs)s tariff optimisations, %(found)s opportunities, "
        "%(proposals)s proposals, %(prospects)s prospects in %(seconds).1f s."
    ) % {
        "articles": articles,
        "runs": len(runs),
        "found": found,
        "proposals": proposals,
        "prospects": prospects,
        "seconds": time.monotonic() - started,
    }
