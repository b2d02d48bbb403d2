"""The rating engine: what a subscriber's real usage would have cost under a plan. Pure.

No Django import: plans, usage and locks are plain dataclasses and money is integer fen,
so the rules are unit-tested on hand-computed cases (tests/advisor/test_rating.py).

The rules (docs/architecture.md, "Adviser"):

- the plan's monthly fee buys its allowances of outgoing voice minutes, SMS and data;
- beyond the allowance, voice is charged per minute, SMS per message and data per
  *started* GB (不足 1 GB 按 1 GB 计);
- an "unlimited" plan (不限量) charges no data overage: beyond the allowance the speed is
  capped, which is a quality cost the engine reports as throttled months and MB;
- where the plan allows it, data of the month's own allowance left unused carries over
  to the next month only (次月底清零) and is used first;
- calls inside the group's closed user group (V网) are free on plans that say so;
- a plan with a broadband bundle replaces the broadband the customer pays separately;
- international roaming is charged as billed, unless a roaming pack is taken, whose fee
  replaces the roaming charges;
- a shared plan pools the allowances of a main card and its secondary cards, each
  secondary card paying its own small fee;
- a contract lock forbids, until it expires, moving to a plan whose monthly fee is below
  the locked floor; a plan change takes effect from the next month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MB_PER_GB = 1024


@dataclass(frozen=True)
class Plan:
    """A plan of the catalogue as the engine needs it (fees in fen per month)."""

    code: str
    name: str
    monthly_fee: int
    voice_minutes: int = 0
    sms: int = 0
    data_mb: int = 0
    voice_per_min: int = 0
    sms_each: int = 0
    data_per_gb: int = 0
    filing_number: str = ""
    segment: str = "individual"
    unlimited_data: bool = False
    speed_cap_kbps: int | None = None
    carry_over: bool = False
    cug_free: bool = False
    broadband_mbps: int = 0
    secondary_cards: int = 0
    secondary_fee: int = 0

    @property
    def is_public(self) -> bool:
        """Only publicly listed plans with a filing number (备案编号) may be recommended."""
        return bool(self.filing_number.strip())

    @property
    def is_shared(self) -> bool:
        return self.secondary_cards > 0


@dataclass(frozen=True)
class Addon:
    """An add-on package: extra allowances for a fee; a roaming pack covers roaming."""

    code: str
    name: str
    monthly_fee: int
    voice_minutes: int = 0
    data_mb: int = 0
    covers_roaming: bool = False
    filing_number: str = ""
    plan_codes: frozenset[str] = frozenset()

    @property
    def is_public(self) -> bool:
        return bool(self.filing_number.strip())


@dataclass(frozen=True)
class Usage:
    """One month of one subscriber's usage (from the monthly aggregates)."""

    month: dt.date
    voice_minutes: int = 0
    sms: int = 0
    data_mb: int = 0
    cug_minutes: int = 0
    roaming_fen: int = 0
    broadband_fen: int = 0


@dataclass(frozen=True)
class Lock:
    """A contract lock: no plan below ``floor_fee`` (fen) before ``until`` (exclusive)."""

    floor_fee: int
    until: dt.date

    def forbids(self, plan: Plan, *, effective: dt.date) -> bool:
        return effective < self.until and plan.monthly_fee < self.floor_fee


@dataclass(frozen=True)
class MonthCost:
    month: dt.date
    fee: int
    voice: int
    sms: int
    data: int
    roaming: int
    broadband: int
    throttled_mb: int = 0
    carried_in_mb: int = 0

    @property
    def total(self) -> int:
        return self.fee + self.voice + self.sms + self.data + self.roaming + self.broadband


@dataclass(frozen=True)
class Rating:
    """The cost of a history of usage under one plan (and add-ons)."""

    plan: Plan
    addons: tuple[Addon, ...]
    months: tuple[MonthCost, ...]

    @property
    def total(self) -> int:
        return sum(m.total for m in self.months)

    @property
    def average(self) -> int:
        return round(self.total / len(self.months)) if self.months else 0

    @property
    def throttled_months(self) -> list[dt.date]:
        return [m.month for m in self.months if m.throttled_mb > 0]

    @property
    def label(self) -> str:
        return "+".join([self.plan.code, *(a.code for a in self.addons)])


def _gb_blocks(mb: int) -> int:
    return -(-mb // MB_PER_GB) if mb > 0 else 0


def _data_cost(plan: Plan, beyond: int) -> tuple[int, int]:
    """(overage fen, throttled MB) of ``beyond`` MB used past every allowance."""
    if plan.unlimited_data:
        return 0, beyond
    return _gb_blocks(beyond) * plan.data_per_gb, 0


def _use_data(used: int, carried: int, allowance: int) -> tuple[int, int]:
    """Use carried data first, then the month's own allowance: (MB beyond both, MB of
    the month's own allowance left over)."""
    rest = max(0, used - carried)
    return max(0, rest - allowance), max(0, allowance - rest)


Parts = tuple[dt.date, int, int, int, int, int, int, int, int]


def _parts(
    plan: Plan, history: Sequence[Usage], packs: tuple[Addon, ...], cards: int
) -> list[Parts]:
    """Month by month: (month, fee, voice, SMS, data, roaming, broadband, throttled MB,
    carried-in MB). One loop for both ``rate`` and ``cost``, so they cannot disagree."""
    voice_allow = plan.voice_minutes + sum(a.voice_minutes for a in packs)
    data_allow = plan.data_mb + sum(a.data_mb for a in packs)
    roaming_pack = any(a.covers_roaming for a in packs)
    fixed = plan.monthly_fee + max(0, cards - 1) * plan.secondary_fee
    fixed += sum(a.monthly_fee for a in packs)
    carried, rows = 0, []
    for usage in history:
        minutes = usage.voice_minutes - (usage.cug_minutes if plan.cug_free else 0)
        beyond, left = _use_data(usage.data_mb, carried, data_allow)
        data_fen, throttled = _data_cost(plan, beyond)
        rows.append(
            (
                usage.month,
                fixed,
                max(0, minutes - voice_allow) * plan.voice_per_min,
                max(0, usage.sms - plan.sms) * plan.sms_each,
                data_fen,
                0 if roaming_pack else usage.roaming_fen,
                0 if plan.broadband_mbps else usage.broadband_fen,
                throttled,
                carried,
            )
        )
        carried = left if plan.carry_over else 0
    return rows


def cost(
    plan: Plan, history: Sequence[Usage], addons: Iterable[Addon] = (), *, cards: int = 1
) -> int:
    """The total of ``rate(...)`` without building the month objects (for ranking)."""
    return sum(
        r[1] + r[2] + r[3] + r[4] + r[5] + r[6] for r in _parts(plan, history, tuple(addons), cards)
    )


def rate(
    plan: Plan, history: Sequence[Usage], addons: Iterable[Addon] = (), *, cards: int = 1
) -> Rating:
    """The cost month by month of ``history`` under ``plan`` with ``addons``.

    ``cards`` is the number of cards on a shared plan (1 main + secondaries); the
    history is then the pooled usage of all of them.
    """
    packs = tuple(addons)
    months = tuple(
        MonthCost(
            month=r[0],
            fee=r[1],
            voice=r[2],
            sms=r[3],
            data=r[4],
            roaming=r[5],
            broadband=r[6],
            throttled_mb=r[7],
            carried_in_mb=r[8],
        )
        for r in _parts(plan, history, packs, cards)
    )
    return Rating(plan=plan, addons=packs, months=months)


def pooled(histories: Sequence[Sequence[Usage]]) -> list[Usage]:
    """The month-by-month sum of several cards' usage (for a shared plan)."""
    by_month: dict[dt.date, list[Usage]] = {}
    for history in histories:
        for usage in history:
            by_month.setdefault(usage.month, []).append(usage)
    return [
        Usage(
            month=month,
            voice_minutes=sum(u.voice_minutes for u in rows),
            sms=sum(u.sms for u in rows),
            data_mb=sum(u.data_mb for u in rows),
            cug_minutes=sum(u.cug_minutes for u in rows),
            roaming_fen=sum(u.roaming_fen for u in rows),
            broadband_fen=sum(u.broadband_fen for u in rows),
        )
        for month, rows in sorted(by_month.items())
    ]


@dataclass(frozen=True)
class Refusal:
    """A plan that is not eligible, and why (shown, never hidden)."""

    plan: Plan
    reason: str  # "not_public", "segment" or "locked"


@dataclass
class Choice:
    """The ranked options for one subscriber, cheapest first."""

    current: Rating | None
    options: list[Rating] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    ranked: list[tuple[str, int]] = field(default_factory=list)
    cheaper_refused: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def alternatives(self) -> list[tuple[str, int]]:
        """The next cheapest eligible options after the best: (label, total)."""
        return self.ranked[1:KEEP]

    @property
    def best(self) -> Rating | None:
        return self.options[0] if self.options else None

    def monthly_saving(self) -> int:
        if self.current is None or self.best is None:
            return 0
        return self.current.average - self.best.average

    def costlier_months(self) -> list[dt.date]:
        """Months where the recommended option would have cost more than the current."""
        if self.current is None or self.best is None:
            return []
        pairs = zip(self.current.months, self.best.months, strict=True)
        return [new.month for old, new in pairs if new.total > old.total]


def refusal_reason(
    plan: Plan, *, segments: frozenset[str], lock: Lock | None, effective: dt.date
) -> str | None:
    """Why ``plan`` may not be recommended for this subscriber, or None if it may."""
    if not plan.is_public:
        return "not_public"
    if plan.segment not in segments:
        return "segment"
    if lock is not None and lock.forbids(plan, effective=effective):
        return "locked"
    return None


def addon_sets(
    plan: Plan, addons: Sequence[Addon], history: Sequence[Usage]
) -> list[tuple[Addon, ...]]:
    """The add-on combinations worth rating with ``plan``: none, or one public add-on
    that can be ordered with it. An add-on can only lower the cost where it replaces a
    charge: a data pack where data overage was paid, a voice pack where voice overage
    was, a roaming pack where there was roaming; others are not rated."""
    parts = _parts(plan, history, (), 1)
    paid_data = any(r[4] for r in parts) or any(r[7] for r in parts)
    paid_voice = any(r[2] for r in parts)
    roamed = any(r[5] for r in parts)
    sets: list[tuple[Addon, ...]] = [()]
    for addon in addons:
        if not addon.is_public or (addon.plan_codes and plan.code not in addon.plan_codes):
            continue
        useful = (
            (addon.covers_roaming and roamed)
            or (addon.data_mb > 0 and paid_data)
            or (addon.voice_minutes > 0 and paid_voice)
        )
        if useful:
            sets.append((addon,))
    return sets


KEEP = 6  # options kept in full (the best and the next cheapest shown as alternatives)


def choose(
    *,
    history: Sequence[Usage],
    current: Plan | None,
    plans: Sequence[Plan],
    addons: Sequence[Addon] = (),
    segments: frozenset[str] = frozenset({"individual"}),
    lock: Lock | None = None,
    effective: dt.date,
    keep: int = KEEP,
) -> Choice:
    """Rate ``history`` under every eligible plan (with its add-ons) and rank by cost.

    Ties are broken by the lower monthly fee, then the code, so the answer is stable.
    ``ranked`` holds every eligible option's total; ``options`` the cheapest ``keep`` in
    full.
    """
    choice = Choice(current=rate(current, history) if current is not None else None)
    candidates = []
    for plan in plans:
        reason = refusal_reason(plan, segments=segments, lock=lock, effective=effective)
        if reason is not None:
            choice.refused.append(Refusal(plan=plan, reason=reason))
            continue
        for packs in addon_sets(plan, addons, history):
            total = cost(plan, history, packs)
            label = "+".join([plan.code, *(a.code for a in packs)])
            candidates.append((total, plan.monthly_fee, label, plan, packs))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    choice.ranked = [(c[2], c[0]) for c in candidates]
    choice.options = [rate(c[3], history, c[4]) for c in candidates[:keep]]
    if candidates:
        best = candidates[0][0]
        for refusal in choice.refused:
            if refusal.reason != "segment":
                total = cost(refusal.plan, history)
                if total < best:
                    choice.cheaper_refused.append((refusal.plan.code, refusal.reason, total))
    return choice


def best_shared(
    *, histories: Sequence[Sequence[Usage]], plans: Sequence[Plan], segments: frozenset[str]
) -> Rating | None:
    """The cheapest public shared plan that can hold all these cards, or None."""
    cards = len(histories)
    history = pooled(histories)
    ratings = [
        rate(plan, history, cards=cards)
        for plan in plans
        if plan.is_shared
        and plan.is_public
        and plan.segment in segments
        and plan.secondary_cards + 1 >= cards
    ]
    return min(ratings, key=lambda r: (r.total, r.plan.code), default=None)
