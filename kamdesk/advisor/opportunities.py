"""The opportunity rules: usage signals of what a customer does not use yet.

Each rule reads the last three complete months of the customer's aggregates (or its
subscribers and products) and, when it fires, returns a ``Finding`` whose evidence is a
list of figures, each recomputable from the data (tests/advisor/test_demo.py recomputes
them on the demo province). Evidence is stored language-neutral (``key``, ``value``); the
labels are translated where it is shown (``EVIDENCE_LABELS``).

Estimated values use the catalogue's list prices below: what the operator would earn per
year, shown next to what the customer would save or pay (E1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from kamdesk.advisor.optimiser import last_complete_month, months_back
from kamdesk.customers.models import Customer, Product, Subscriber
from kamdesk.usage.models import SubscriberMonth, fen_to_yuan

DATA_PACK_FEE = Decimal("30.00")  # ADD-DATA10, ¥30 a month
ROAMING_PACK_FEE = Decimal("98.00")  # ADD-ROAM98, ¥98 a month
VPMN_FEE_PER_MEMBER = Decimal("5.00")
IOT_POOL_FEE_PER_CARD = Decimal("3.00")
DEDICATED_LINE_FEE = Decimal("3000.00")
CLOUD_FEE = Decimal("2000.00")
NEW_LINE_ARPU = Decimal("58.00")

VPMN_MIN_SUBSCRIBERS = 20
IOT_MIN_CARDS = 10
DEDICATED_LINE_MIN_SUBSCRIBERS = 100
HEADCOUNT_MIN_NEW = 5

EVIDENCE_LABELS = {
    "months": _("months examined"),
    "subscribers_over_data": _("subscribers who paid data overage in 2 of 3 months or more"),
    "data_overage_paid": _("data overage paid in these months (yuan)"),
    "current_subscribers": _("current subscribers"),
    "cmcc_call_share": _("share of outgoing calls to China Mobile numbers (%)"),
    "roaming_subscribers": _("subscribers who roamed abroad"),
    "roaming_paid": _("international roaming charges paid (yuan)"),
    "roaming_records": _("international roaming records"),
    "new_last_90_days": _("new subscribers in the last 90 days"),
    "new_previous_90_days": _("new subscribers in the 90 days before"),
    "iot_cards": _("IoT cards"),
    "iot_data_gb": _("IoT data used in these months (GB)"),
    "products_held": _("connectivity products held"),
}


@dataclass
class Finding:
    rule: str
    title: str
    evidence: list[dict[str, object]]
    value: Decimal
    saving: Decimal = Decimal("0.00")
    subscriber_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Window:
    first: dt.date
    last: dt.date
    today: dt.date

    @classmethod
    def of(cls, today: dt.date) -> Window:
        last = last_complete_month(today)
        return cls(first=months_back(last, 3), last=last, today=today)


def _months(customer: Customer, window: Window):  # type: ignore[no-untyped-def]
    return SubscriberMonth.objects.filter(
        customer=customer, month__range=(window.first, window.last)
    )


def current_subscribers(customer: Customer, today: dt.date):  # type: ignore[no-untyped-def]
    return customer.subscribers.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today
    ).exclude(status__in=["ported_out", "cancelled"])


def _has_product(customer: Customer, kind: str) -> bool:
    return Product.objects.filter(customer=customer, kind=kind, status="active").exists()


def rule_heavy_data(customer: Customer, window: Window) -> Finding | None:
    rows = (
        _months(customer, window)
        .filter(data_fen__gt=0)
        .values("subscriber_id")
        .annotate(months=Count("id"), paid=Sum("data_fen"))
        .filter(months__gte=2)
    )
    hits = list(rows)
    if not hits:
        return None
    paid = fen_to_yuan(sum(r["paid"] for r in hits))
    packs = DATA_PACK_FEE * 3 * len(hits)
    return Finding(
        rule="heavy_data",
        title=str(_("Data packs for heavy data users")),
        evidence=[
            {"key": "months", "value": 3},
            {"key": "subscribers_over_data", "value": len(hits)},
            {"key": "data_overage_paid", "value": str(paid)},
        ],
        value=DATA_PACK_FEE * 12 * len(hits),
        saving=((paid - packs) * 4).quantize(Decimal("0.01")),
        subscriber_ids=[r["subscriber_id"] for r in hits],
    )


def rule_no_vpmn(customer: Customer, window: Window) -> Finding | None:
    if customer.kind != "group" or _has_product(customer, "vpmn"):
        return None
    count = current_subscribers(customer, window.today).count()
    if count < VPMN_MIN_SUBSCRIBERS:
        return None
    sums = _months(customer, window).aggregate(cmcc=Sum("calls_cmcc"), out=Sum("voice_out_calls"))
    share = round(100 * (sums["cmcc"] or 0) / sums["out"]) if sums["out"] else 0
    return Finding(
        rule="no_vpmn",
        title=str(_("A closed user group (V网) for the group's subscribers")),
        evidence=[
            {"key": "current_subscribers", "value": count},
            {"key": "cmcc_call_share", "value": share},
        ],
        value=VPMN_FEE_PER_MEMBER * 12 * count,
    )


def rule_roaming(customer: Customer, window: Window) -> Finding | None:
    rows = list(
        _months(customer, window)
        .filter(intl_roaming_records__gt=0, roaming_fen__gt=0)
        .values("subscriber_id")
        .annotate(paid=Sum("roaming_fen"), records=Sum("intl_roaming_records"), months=Count("id"))
    )
    if not rows:
        return None
    paid = fen_to_yuan(sum(r["paid"] for r in rows))
    packs = ROAMING_PACK_FEE * sum(r["months"] for r in rows)
    return Finding(
        rule="roaming",
        title=str(_("Roaming packs for travellers")),
        evidence=[
            {"key": "months", "value": 3},
            {"key": "roaming_subscribers", "value": len(rows)},
            {"key": "roaming_paid", "value": str(paid)},
            {"key": "roaming_records", "value": sum(r["records"] for r in rows)},
        ],
        value=packs * 4,
        saving=((paid - packs) * 4).quantize(Decimal("0.01")),
        subscriber_ids=[r["subscriber_id"] for r in rows],
    )


def new_subscribers(customer: Customer, first: dt.date, last: dt.date) -> int:
    return Subscriber.objects.filter(
        customer=customer, activated_on__gt=first, activated_on__lte=last
    ).count()


def rule_headcount(customer: Customer, window: Window) -> Finding | None:
    recent = new_subscribers(customer, window.today - dt.timedelta(days=90), window.today)
    before = new_subscribers(
        customer, window.today - dt.timedelta(days=180), window.today - dt.timedelta(days=90)
    )
    if recent < HEADCOUNT_MIN_NEW or recent <= before:
        return None
    return Finding(
        rule="headcount",
        title=str(_("A fleet deal for the new staff")),
        evidence=[
            {"key": "new_last_90_days", "value": recent},
            {"key": "new_previous_90_days", "value": before},
        ],
        value=NEW_LINE_ARPU * 12 * recent,
    )


def rule_iot_pool(customer: Customer, window: Window) -> Finding | None:
    if _has_product(customer, "iot_pool"):
        return None
    cards = list(
        current_subscribers(customer, window.today)
        .filter(plan__segment="iot")
        .values_list("pk", flat=True)
    )
    if len(cards) < IOT_MIN_CARDS:
        return None
    kb = _months(customer, window).filter(subscriber_id__in=cards).aggregate(kb=Sum("data_kb"))
    gb = round((kb["kb"] or 0) / 1024 / 1024, 1)
    return Finding(
        rule="iot_pool",
        title=str(_("A shared data pool for the IoT cards")),
        evidence=[{"key": "iot_cards", "value": len(cards)}, {"key": "iot_data_gb", "value": gb}],
        value=IOT_POOL_FEE_PER_CARD * 12 * len(cards),
        subscriber_ids=cards,
    )


def rule_dedicated_line(customer: Customer, window: Window) -> Finding | None:
    if customer.kind != "group" or _has_product(customer, "dedicated_line"):
        return None
    count = current_subscribers(customer, window.today).count()
    if count < DEDICATED_LINE_MIN_SUBSCRIBERS:
        return None
    return Finding(
        rule="dedicated_line",
        title=str(_("A dedicated internet line for the head office")),
        evidence=[{"key": "current_subscribers", "value": count}],
        value=DEDICATED_LINE_FEE * 12,
    )


def rule_cloud(customer: Customer, window: Window) -> Finding | None:
    if customer.kind != "group" or _has_product(customer, "cloud"):
        return None
    held = Product.objects.filter(
        customer=customer, kind__in=["dedicated_line", "broadband"], status="active"
    ).count()
    if not held:
        return None
    return Finding(
        rule="cloud",
        title=str(_("Cloud services over the existing connection")),
        evidence=[{"key": "products_held", "value": held}],
        value=CLOUD_FEE * 12,
    )


RULES: dict[str, Callable[[Customer, Window], Finding | None]] = {
    "heavy_data": rule_heavy_data,
    "no_vpmn": rule_no_vpmn,
    "roaming": rule_roaming,
    "headcount": rule_headcount,
    "iot_pool": rule_iot_pool,
    "dedicated_line": rule_dedicated_line,
    "cloud": rule_cloud,
}


def findings_for(customer: Customer, today: dt.date) -> list[Finding]:
    window = Window.of(today)
    found = (rule(customer, window) for rule in RULES.values())
    return [f for f in found if f is not None]
