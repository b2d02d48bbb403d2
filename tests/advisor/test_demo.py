"""On the demo province: the optimiser's recommendations are reproduced by an independent
re-rating written here, and every opportunity's evidence is true of the data.

The usage demo is another capability's; this test builds its own monthly aggregates for
the demo's subscribers with the usage models directly (as the adviser's loader copes with
whatever aggregates exist)."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.db.models import Count, Q, Sum

from kamdesk.advisor.demo import advisor_demo_load
from kamdesk.advisor.models import Opportunity, Optimisation, PlanTerms
from kamdesk.customers.demo import demo_load
from kamdesk.customers.models import Contract, Product, Subscriber, TariffAddon, TariffPlan
from kamdesk.knowledge.models import Article
from kamdesk.usage.models import SubscriberMonth

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)
NOON = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)
MONTHS = [dt.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(10, 22)]  # 2025-11 … 2026-10


def fen(value: Decimal) -> int:
    return int(value * 100)


def _aggregates(seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for s in Subscriber.objects.filter(valid_to__isnull=True).select_related("plan"):
        if s.plan is None:
            continue
        p, roamer = s.plan, rng.random() < 0.05
        for month in MONTHS[rng.randint(0, 8) :]:
            minutes = int(p.voice_minutes * rng.uniform(0.1, 1.4))
            mb = int(p.data_mb * rng.uniform(0.1, 1.6))
            over_gb = -(-max(0, mb - p.data_mb) // 1024)
            data_fen = over_gb * fen(p.data_overage_per_gb)
            roaming = rng.choice([0, 15000, 42000]) if roamer else 0
            rows.append(
                SubscriberMonth(
                    subscriber=s,
                    account_id=s.account_id,
                    customer_id=s.customer_id,
                    month=month,
                    voice_out_minutes=minutes,
                    voice_out_calls=minutes // 3,
                    calls_cmcc=minutes // 5,
                    sms_out=rng.randint(0, 80),
                    data_kb=mb * 1024,
                    data_fen=data_fen,
                    roaming_fen=roaming,
                    intl_roaming_records=12 if roaming else 0,
                    total_fen=fen(p.monthly_fee) + data_fen + roaming,
                )
            )
    SubscriberMonth.objects.bulk_create(rows, batch_size=2000)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction rolled back at its end
    (each test's own transaction nests in it), so other tests never see it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with time_machine.travel(NOON, tick=False):
                demo_load(seed=20261128, scale=0.05)
                _aggregates(20261128)
                summary = advisor_demo_load(seed=20261128, today=TODAY)
            yield summary
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _independent_cost(
    plan: TariffPlan, addon: TariffAddon | None, rows: list[SubscriberMonth]
) -> int:
    """The rules of the catalogue, written out again month by month."""
    terms = PlanTerms.objects.filter(plan=plan).first()
    roaming_pack = addon is not None and hasattr(addon, "terms") and addon.terms.covers_roaming
    voice_allow = plan.voice_minutes + (addon.voice_minutes if addon else 0)
    data_allow = plan.data_mb + (addon.data_mb if addon else 0)
    total, carried = 0, 0
    for row in rows:
        mb = -(-row.data_kb // 1024)
        from_carry = min(mb, carried)
        rest = mb - from_carry
        over = max(0, rest - data_allow)
        carried = max(0, data_allow - rest) if terms and terms.carry_over else 0
        data = (
            0
            if terms and terms.unlimited_data
            else -(-over // 1024) * fen(plan.data_overage_per_gb)
        )
        total += fen(plan.monthly_fee) + (fen(addon.monthly_fee) if addon else 0)
        total += max(0, row.voice_out_minutes - voice_allow) * fen(plan.voice_overage_per_min)
        total += max(0, row.sms_out - plan.sms) * fen(plan.sms_overage)
        total += data + (0 if roaming_pack else row.roaming_fen)
    return total


def _eligible(subscriber: Subscriber, effective: dt.date) -> list[TariffPlan]:
    customer = subscriber.customer
    locked = Contract.objects.filter(
        customer=customer, starts_on__lte=effective, expires_on__gt=effective, minimum_monthly__gt=0
    ).exists()
    segments = (
        {"iot"}
        if subscriber.plan.segment == "iot"
        else ({"individual", "group"} if customer.kind == "group" else {"individual"})
    )
    return [
        p
        for p in TariffPlan.objects.filter(is_active=True).exclude(filing_number="")
        if p.segment in segments and not (locked and p.monthly_fee < subscriber.plan.monthly_fee)
    ]


def test_it_reproduces_the_recommendations_by_an_independent_re_rating(demo):
    runs = list(Optimisation.objects.filter(subscribers__gt=0).order_by("pk")[:6])
    assert runs, demo
    checked = 0
    for run in runs:
        for line in run.lines.filter(kind="subscriber").select_related("subscriber__plan")[:15]:
            rows = list(
                SubscriberMonth.objects.filter(
                    subscriber=line.subscriber, month__range=(run.first_month, run.last_month)
                ).order_by("month")
            )
            options = {}
            for p in _eligible(line.subscriber, run.effective_month):
                options[p.code] = _independent_cost(p, None, rows)
                for addon in TariffAddon.objects.filter(plans=p).exclude(filing_number=""):
                    options[f"{p.code}+{addon.code}"] = _independent_cost(p, addon, rows)
            chosen = "+".join([line.recommended_plan, *line.recommended_addons])
            assert line.recommended_fen == min(options.values()) == options[chosen]
            assert line.current_fen == _independent_cost(line.subscriber.plan, None, rows)
            checked += 1
    assert checked >= 20


def _recomputed(o: Opportunity) -> dict[str, object]:
    first, last = dt.date(2026, 8, 1), dt.date(2026, 10, 1)
    months = SubscriberMonth.objects.filter(customer=o.customer, month__range=(first, last))
    current = o.customer.subscribers.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=TODAY), valid_from__lte=TODAY
    ).exclude(status__in=["ported_out", "cancelled"])
    if o.rule == "heavy_data":
        subs = (
            months.filter(data_fen__gt=0)
            .values("subscriber_id")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
        )
        paid = months.filter(subscriber_id__in=[r["subscriber_id"] for r in subs]).aggregate(
            s=Sum("data_fen")
        )["s"]
        return {
            "months": 3,
            "subscribers_over_data": len(subs),
            "data_overage_paid": f"{Decimal(paid) / 100:.2f}",
        }
    if o.rule == "roaming":
        hit = months.filter(intl_roaming_records__gt=0, roaming_fen__gt=0)
        sums = hit.aggregate(p=Sum("roaming_fen"), r=Sum("intl_roaming_records"))
        return {
            "months": 3,
            "roaming_subscribers": hit.values("subscriber_id").distinct().count(),
            "roaming_paid": f"{Decimal(sums['p']) / 100:.2f}",
            "roaming_records": sums["r"],
        }
    if o.rule in ("no_vpmn", "dedicated_line"):
        found: dict[str, object] = {"current_subscribers": current.count()}
        if o.rule == "no_vpmn":
            s = months.aggregate(c=Sum("calls_cmcc"), o=Sum("voice_out_calls"))
            found["cmcc_call_share"] = round(100 * s["c"] / s["o"]) if s["o"] else 0
        return found
    if o.rule == "cloud":
        held = Product.objects.filter(
            customer=o.customer, status="active", kind__in=["dedicated_line", "broadband"]
        ).count()
        return {"products_held": held}
    if o.rule == "iot_pool":
        cards = current.filter(plan__segment="iot")
        kb = months.filter(subscriber__in=cards).aggregate(k=Sum("data_kb"))["k"] or 0
        return {"iot_cards": cards.count(), "iot_data_gb": round(kb / 1024 / 1024, 1)}
    new = lambda a, b: Subscriber.objects.filter(  # noqa: E731
        customer=o.customer,
        activated_on__gt=TODAY - dt.timedelta(days=a),
        activated_on__lte=TODAY - dt.timedelta(days=b),
    ).count()
    return {"new_last_90_days": new(90, 0), "new_previous_90_days": new(180, 90)}


def test_it_shows_evidence_that_is_true_of_the_data(demo):
    opportunities = list(Opportunity.objects.select_related("customer"))
    assert {o.rule for o in opportunities} >= {"heavy_data", "roaming"}
    for o in opportunities:
        shown = {e["key"]: e["value"] for e in o.evidence}
        assert shown == _recomputed(o), (o.rule, o.customer.name)


def test_it_ships_a_knowledge_base_covering_every_section(demo):
    sections = set(Article.objects.values_list("section", flat=True))
    assert Article.objects.count() >= 30
    assert sections == {"company", "business", "procedures", "market", "law"}
