"""The optimiser: the rated months of a customer's subscribers under every eligible plan.

Reads the monthly aggregates of the usage warehouse (``SubscriberMonth``), the catalogue
and the customer's contracts, and hands plain values to the pure rating engine
(``rating.py``). The result is a plain ``Outcome``; ``services.optimisation_run`` stores
it. Access is checked by the caller (``selectors``/``services``).

Usage as rated: outgoing voice minutes (incoming calls are free in China), outgoing SMS,
data in MB (KB rounded up), and international roaming charges as billed. Outgoing
minutes to members of a closed user group (V网) the subscriber belongs to are counted
by the aggregates (``voice_out_cug_minutes``, the peer dialled by number or short
number) and passed as ``cug_minutes``, so a plan with free on-net calls is credited with
them; they come from the groups' membership when the month was aggregated. Broadband
an individual customer pays separately (an active broadband product) is added to one of
its lines, so a plan with a broadband bundle is credited with replacing it
(``broadband_fees``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from kamdesk.advisor.catalogue import addons_all, fen, plans_all, plans_on_sale
from kamdesk.advisor.ranking import rank_many
from kamdesk.advisor.rating import Choice, Lock, Plan, Rating, Usage, best_shared
from kamdesk.customers.models import Contract, Customer, Product, Subscriber
from kamdesk.usage.models import SubscriberMonth

MIN_MONTHS = 3
MAX_MONTHS = 12
ALTERNATIVES = 5


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def months_back(last: dt.date, count: int) -> dt.date:
    index = last.year * 12 + last.month - 1 - (count - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def usage_of(row: SubscriberMonth) -> Usage:
    """One aggregated month as rated; outgoing minutes inside the subscriber's closed user
    groups are ``cug_minutes`` (free on plans with ``cug_free``)."""
    return Usage(
        month=row.month,
        voice_minutes=row.voice_out_minutes,
        sms=row.sms_out,
        data_mb=-(-row.data_kb // 1024),
        cug_minutes=row.voice_out_cug_minutes,
        roaming_fen=row.roaming_fen,
    )


@dataclass
class SubscriberResult:
    subscriber: Subscriber
    choice: Choice
    billed_fen: int
    lock: Lock | None
    history: list[Usage]


@dataclass
class SharedResult:
    cards: list[Subscriber]
    rating: Rating
    current_fen: int


@dataclass
class Outcome:
    first: dt.date
    last: dt.date
    effective: dt.date
    results: list[SubscriberResult] = field(default_factory=list)
    shared: list[SharedResult] = field(default_factory=list)
    skipped: int = 0
    contract_floor_fen: int = 0


def histories_of(
    subscribers: Iterable[Subscriber], first: dt.date, last: dt.date
) -> tuple[dict[int, list[Usage]], dict[int, int]]:
    """The rated months and the billed total (fen) of each subscriber."""
    ids = [s.pk for s in subscribers]
    histories: dict[int, list[Usage]] = defaultdict(list)
    billed: dict[int, int] = defaultdict(int)
    rows = (
        SubscriberMonth.objects.filter(subscriber_id__in=ids, month__range=(first, last))
        .order_by("subscriber_id", "month")
        .values_list(
            "subscriber_id",
            "month",
            "voice_out_minutes",
            "sms_out",
            "data_kb",
            "voice_out_cug_minutes",
            "roaming_fen",
            "total_fen",
        )
    )
    for subscriber_id, month, minutes, sms, kb, cug, roaming, total in rows.iterator(
        chunk_size=5000
    ):
        histories[subscriber_id].append(
            Usage(
                month=month,
                voice_minutes=minutes,
                sms=sms,
                data_mb=-(-kb // 1024),
                cug_minutes=cug,
                roaming_fen=roaming,
            )
        )
        billed[subscriber_id] += total
    return histories, billed


def contract_in_force(customer: Customer, effective: dt.date) -> Contract | None:
    """The contract with the highest minimum in force when a change would take effect."""
    return (
        Contract.objects.filter(
            customer=customer,
            starts_on__lte=effective,
            expires_on__gt=effective,
            minimum_monthly__gt=0,
        )
        .order_by("-minimum_monthly")
        .first()
    )


def segments_of(customer: Customer, current: Plan | None) -> frozenset[str]:
    if current is not None and current.segment == "iot":
        return frozenset({"iot"})
    return frozenset({"individual", "group"} if customer.kind == "group" else {"individual"})


def last_complete_month(today: dt.date) -> dt.date:
    return months_back(today.replace(day=1), 2)


def latest_month(subscribers: list[Subscriber], ceiling: dt.date) -> dt.date:
    """The latest complete month with aggregates (the warehouse may lag a month)."""
    found = (
        SubscriberMonth.objects.filter(
            subscriber_id__in=[s.pk for s in subscribers], month__lte=ceiling
        )
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return found or ceiling


def optimise(
    *,
    customer: Customer,
    subscribers: list[Subscriber],
    today: dt.date,
    months: int = MAX_MONTHS,
) -> Outcome:
    """Rate the last ``months`` complete months of ``subscribers`` under every plan."""
    months = max(MIN_MONTHS, min(MAX_MONTHS, months))
    last = latest_month(subscribers, last_complete_month(today))
    outcome = Outcome(first=months_back(last, months), last=last, effective=next_month(today))
    plans = plans_all()
    offer, addons = plans_on_sale(plans), addons_all()
    contract = contract_in_force(customer, outcome.effective)
    if contract is not None:
        outcome.contract_floor_fen = fen(contract.minimum_monthly)
    histories, billed = histories_of(subscribers, outcome.first, outcome.last)
    rated = [s for s in subscribers if len(histories.get(s.pk, [])) >= MIN_MONTHS]
    _add_broadband(customer, rated, histories)
    outcome.skipped = len(subscribers) - len(rated)
    currents = [plans.get(s.plan.code) if s.plan is not None else None for s in rated]
    locks = [_lock(contract, current) for current in currents]
    choices = rank_many(
        histories=[histories[s.pk] for s in rated],
        currents=currents,
        plans=offer,
        addons=addons,
        segments=[segments_of(customer, current) for current in currents],
        locks=locks,
        effective=outcome.effective,
    )
    outcome.results = [
        SubscriberResult(
            subscriber=s, choice=choice, billed_fen=billed[s.pk], lock=lock, history=histories[s.pk]
        )
        for s, choice, lock in zip(rated, choices, locks, strict=True)
    ]
    outcome.shared = _shared(outcome.results, histories, offer, customer)
    return outcome


def broadband_fees(customer: Customer, rated: list[Subscriber]) -> dict[int, int]:
    """Broadband an individual customer pays separately (fen a month), put on the first
    rated line of the product's billing account (of the customer where it names none),
    so that a plan with a broadband bundle is credited with replacing it. A group's
    enterprise broadband is not replaced by a member's plan, so groups have none."""
    if customer.kind != "individual" or not rated:
        return {}
    by_account: dict[int, Subscriber] = {}
    for subscriber in sorted(rated, key=lambda s: s.number):
        by_account.setdefault(subscriber.account_id, subscriber)
    fees: dict[int, int] = defaultdict(int)
    products = Product.objects.filter(customer=customer, kind="broadband", status="active")
    for account_id, fee in products.values_list("account_id", "monthly_fee"):
        line = by_account.get(account_id) if account_id else min(rated, key=lambda s: s.number)
        if line is not None:
            fees[line.pk] += fen(fee)
    return dict(fees)


def _add_broadband(
    customer: Customer, rated: list[Subscriber], histories: dict[int, list[Usage]]
) -> None:
    for subscriber_id, fee in broadband_fees(customer, rated).items():
        histories[subscriber_id] = [
            dataclasses.replace(u, broadband_fen=u.broadband_fen + fee)
            for u in histories[subscriber_id]
        ]


def _lock(contract: Contract | None, current: Plan | None) -> Lock | None:
    """合约期内不降档: while a contract is in force, no plan below the one contracted."""
    if contract is None or current is None:
        return None
    return Lock(floor_fee=current.monthly_fee, until=contract.expires_on)


def _shared(
    results: list[SubscriberResult],
    histories: dict[int, list[Usage]],
    offer: list[Plan],
    customer: Customer,
) -> list[SharedResult]:
    """Accounts whose few cards would pay less together on a shared plan."""
    largest = max((p.secondary_cards for p in offer if p.is_public), default=0)
    by_account: dict[int, list[SubscriberResult]] = defaultdict(list)
    for result in results:
        by_account[result.subscriber.account_id].append(result)
    found = []
    for cards in by_account.values():
        if not 2 <= len(cards) <= largest + 1 or any(c.lock for c in cards):
            continue
        segments = frozenset({"individual"})
        rating = best_shared(
            histories=[histories[c.subscriber.pk] for c in cards], plans=offer, segments=segments
        )
        separate = sum(c.choice.best.total for c in cards if c.choice.best)
        if rating is not None and rating.total < separate:
            current = sum(c.choice.current.total for c in cards if c.choice.current)
            found.append(SharedResult([c.subscriber for c in cards], rating, current))
    return found


def subscribers_to_rate(
    customer: Customer, today: dt.date, ids: list[int] | None, *, numbers: list[str] | None = None
) -> list[Subscriber]:
    """The customer's current subscribers (or those of ``ids`` or ``numbers``) with their
    plans."""
    qs = customer.subscribers.select_related("plan").filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today
    )
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if numbers is not None:
        qs = qs.filter(number__in=numbers)
    return list(qs.order_by("number"))
