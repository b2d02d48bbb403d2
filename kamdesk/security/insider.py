"""Insider-risk signals (E1) computed from audit events. Pure: no Django import.

A scan looks at one period (a day in Asia/Shanghai) against the weeks before it and
the person's peers (same role), and yields findings with their evidence:

- ``comm_read_spike``: reads or exports of communication data (itemised call records,
  bills, usage, anything unmasked) far above the person's own baseline or their peers'
  (a ratio *and* a z-score, above a minimum count, so quiet people are not flagged for
  a handful of reads);
- ``refusals``: repeated refused access (trying accounts outside one's portfolio);
- ``unmask_off_hours``: unmask requests between 22:00 and 07:00;
- ``export_burst``: many exports within a few minutes;
- ``unusual_discount``: orders whose discount, as a share of the items' sum, is far
  above the person's own earlier discounts or their peers' (again a ratio *and* a
  z-score, above a minimum share).

Audit actions are read by convention, ``<kind of data>.<verb>``: ``call_record.viewed``,
``bill.exported``, ``identity.unmasked``, ``access.refused``, ``unmask.requested``;
an order's discount is ``order.discount`` with ``discount`` and ``subtotal`` in its details.
"""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

COMM_KINDS = frozenset({"call_record", "bill", "usage"})
READ_VERBS = frozenset({"viewed", "listed", "exported", "downloaded", "unmasked"})
REFUSED = "access.refused"
UNMASK_REQUEST_PREFIX = "unmask.request"
ORDER_DISCOUNT = "order.discount"


@dataclass(frozen=True)
class Event:
    id: int
    at: dt.datetime  # aware
    actor_id: int
    role: str
    action: str
    # For ``order.discount`` only: the order, and the discount as a percentage of the
    # items' sum (``None`` when the details do not allow computing it).
    target_id: str = ""
    discount_pct: float | None = None


@dataclass(frozen=True)
class Thresholds:
    spike_min_count: int = 20
    spike_ratio: float = 3.0
    spike_z: float = 3.0
    baseline_days: int = 28
    baseline_min_active_days: int = 5
    peer_min: int = 3
    refusal_min: int = 5
    off_hours_start: int = 22
    off_hours_end: int = 7
    burst_window: dt.timedelta = dt.timedelta(minutes=10)
    burst_min: int = 5
    discount_min_pct: float = 10.0
    discount_min_orders: int = 5
    timezone: str = "Asia/Shanghai"


@dataclass
class Finding:
    kind: str
    actor_id: int
    score: float
    summary: str
    event_ids: list[int]
    counts: dict[str, float] = field(default_factory=dict)


def is_comm_read(action: str) -> bool:
    kind, verb = action.split(".", 1)[0], action.rsplit(".", 1)[-1]
    return verb in READ_VERBS and (kind in COMM_KINDS or verb == "unmasked")


def is_export(action: str) -> bool:
    return action.endswith(".exported")


def is_unmask_request(action: str) -> bool:
    return action.startswith(UNMASK_REQUEST_PREFIX)


def discount_pct(extra: object) -> float | None:
    """The discount as a percentage of the items' sum, from an ``order.discount`` event's
    details; ``None`` if they do not hold both amounts."""
    if not isinstance(extra, dict):
        return None
    try:
        discount, subtotal = float(extra["discount"]), float(extra["subtotal"])
    except (KeyError, TypeError, ValueError):
        return None
    return round(100.0 * discount / subtotal, 2) if subtotal > 0 else None


def scan(
    events: Iterable[Event],
    *,
    start: dt.datetime,
    end: dt.datetime,
    thresholds: Thresholds | None = None,
) -> list[Finding]:
    """Findings for the period [start, end); earlier events form the baseline."""
    t = thresholds or Thresholds()
    history = list(events)
    period = [e for e in history if start <= e.at < end]
    return [
        *comm_read_spikes(history, start=start, end=end, t=t),
        *repeated_refusals(period, t=t),
        *off_hours_unmasks(period, t=t),
        *export_bursts(period, t=t),
        *unusual_discounts(history, start=start, end=end, t=t),
    ]


def _z(value: float, sample: list[float]) -> tuple[float, float]:
    """(z-score, mean) of ``value`` against ``sample``; the spread is at least 1."""
    mean = statistics.fmean(sample) if sample else 0.0
    spread = statistics.pstdev(sample) if len(sample) > 1 else 0.0
    return (value - mean) / max(spread, 1.0), mean


def _daily_counts(reads: list[Event], actor: int, start: dt.datetime, days: int) -> list[float]:
    counts = [0.0] * days
    for e in reads:
        if e.actor_id == actor and e.at < start:
            index = (start - e.at).days
            if index < days:
                counts[index] += 1
    return counts


def comm_read_spikes(
    history: list[Event], *, start: dt.datetime, end: dt.datetime, t: Thresholds
) -> list[Finding]:
    reads = [e for e in history if is_comm_read(e.action)]
    baseline_start = start - dt.timedelta(days=t.baseline_days)
    reads = [e for e in reads if baseline_start <= e.at < end]
    now_by_actor: dict[int, list[Event]] = defaultdict(list)
    for e in reads:
        if e.at >= start:
            now_by_actor[e.actor_id].append(e)
    roles = {e.actor_id: e.role for e in reads}
    findings = []
    for actor, mine in now_by_actor.items():
        count = float(len(mine))
        if count < t.spike_min_count:
            continue
        own = _own_excess(reads, actor, count, start, t)
        peer = _peer_excess(now_by_actor, roles, actor, count, t)
        best = max(own, peer, key=lambda pair: pair[0])
        if best[0] > 0:
            findings.append(
                Finding(
                    "comm_read_spike",
                    actor,
                    round(best[0], 2),
                    f"{int(count)} reads of communication data ({best[1]})",
                    [e.id for e in mine],
                    {"count": count, **own[2], **peer[2]},
                )
            )
    return findings


def _own_excess(
    reads: list[Event], actor: int, count: float, start: dt.datetime, t: Thresholds
) -> tuple[float, str, dict[str, float]]:
    days = _daily_counts(reads, actor, start, t.baseline_days)
    if sum(1 for d in days if d) < t.baseline_min_active_days:
        return 0.0, "", {}
    z, mean = _z(count, days)
    if z >= t.spike_z and count >= t.spike_ratio * max(mean, 1.0):
        return z, f"own daily mean {mean:.1f}", {"own_mean": round(mean, 2), "own_z": round(z, 2)}
    return 0.0, "", {}


def _peer_excess(
    now_by_actor: dict[int, list[Event]],
    roles: dict[int, str],
    actor: int,
    count: float,
    t: Thresholds,
) -> tuple[float, str, dict[str, float]]:
    peers = [
        float(len(evts))
        for other, evts in now_by_actor.items()
        if other != actor and roles.get(other) == roles.get(actor)
    ]
    peers += [
        0.0
        for other in roles
        if other not in now_by_actor and other != actor and roles[other] == roles.get(actor)
    ]
    if len(peers) < t.peer_min:
        return 0.0, "", {}
    z, _mean = _z(count, peers)
    median = statistics.median(peers)
    if z >= t.spike_z and count >= t.spike_ratio * max(median, 1.0):
        return z, f"peers' median {median:.1f}", {"peer_median": median, "peer_z": round(z, 2)}
    return 0.0, "", {}


def repeated_refusals(period: list[Event], *, t: Thresholds) -> list[Finding]:
    by_actor: dict[int, list[Event]] = defaultdict(list)
    for e in period:
        if e.action == REFUSED:
            by_actor[e.actor_id].append(e)
    return [
        Finding(
            "refusals",
            actor,
            round(len(evts) / t.refusal_min, 2),
            f"{len(evts)} refused accesses",
            [e.id for e in evts],
            {"count": float(len(evts))},
        )
        for actor, evts in by_actor.items()
        if len(evts) >= t.refusal_min
    ]


def _off_hours(at: dt.datetime, t: Thresholds) -> bool:
    hour = at.astimezone(zoneinfo.ZoneInfo(t.timezone)).hour
    return hour >= t.off_hours_start or hour < t.off_hours_end


def off_hours_unmasks(period: list[Event], *, t: Thresholds) -> list[Finding]:
    by_actor: dict[int, list[Event]] = defaultdict(list)
    for e in period:
        if is_unmask_request(e.action) and _off_hours(e.at, t):
            by_actor[e.actor_id].append(e)
    return [
        Finding(
            "unmask_off_hours",
            actor,
            float(len(evts)),
            f"{len(evts)} unmask requests between {t.off_hours_start}:00 and "
            f"{t.off_hours_end:02d}:00",
            [e.id for e in evts],
            {"count": float(len(evts))},
        )
        for actor, evts in by_actor.items()
    ]


def _densest_window(times: list[Event], window: dt.timedelta) -> list[Event]:
    best: list[Event] = []
    low = 0
    for high in range(len(times)):
        while times[high].at - times[low].at > window:
            low += 1
        if high - low + 1 > len(best):
            best = times[low : high + 1]
    return best


def export_bursts(period: list[Event], *, t: Thresholds) -> list[Finding]:
    by_actor: dict[int, list[Event]] = defaultdict(list)
    for e in sorted(period, key=lambda e: e.at):
        if is_export(e.action):
            by_actor[e.actor_id].append(e)
    findings = []
    for actor, evts in by_actor.items():
        burst = _densest_window(evts, t.burst_window)
        if len(burst) >= t.burst_min:
            minutes = int(t.burst_window.total_seconds() // 60)
            findings.append(
                Finding(
                    "export_burst",
                    actor,
                    round(len(burst) / t.burst_min, 2),
                    f"{len(burst)} exports within {minutes} minutes",
                    [e.id for e in burst],
                    {"count": float(len(burst)), "total_exports": float(len(evts))},
                )
            )
    return findings


def _final_discounts(history: list[Event], since: dt.datetime, end: dt.datetime) -> list[Event]:
    """Each order's last discount set before ``end`` (a draft's discount may change
    several times; only the last one stands), if it was set from ``since`` on."""
    discounts = (e for e in history if e.action == ORDER_DISCOUNT and e.discount_pct is not None)
    last: dict[str, Event] = {}
    # Only the discount events are sorted: the history is mostly reads of call records.
    for e in sorted((e for e in discounts if e.at < end), key=lambda e: (e.at, e.id)):
        last[e.target_id] = e
    return [e for e in last.values() if e.at >= since]


def _discount_excess(pct: float, sample: list[float], t: Thresholds) -> tuple[float, float]:
    """(z-score, median) of a discount against a sample; the z-score is 0 when the
    discount is not far enough above it, and both are 0 when the sample is too small."""
    if len(sample) < t.discount_min_orders:
        return 0.0, 0.0
    z, _mean = _z(pct, sample)
    median = statistics.median(sample)
    if z >= t.spike_z and pct >= t.spike_ratio * max(median, 1.0):
        return z, median
    return 0.0, median


def unusual_discounts(
    history: list[Event], *, start: dt.datetime, end: dt.datetime, t: Thresholds
) -> list[Finding]:
    orders = _final_discounts(history, start - dt.timedelta(days=t.baseline_days), end)
    flagged: dict[int, list[tuple[Event, float, dict[str, float]]]] = defaultdict(list)
    for e in orders:
        pct = e.discount_pct or 0.0
        if e.at < start or pct < t.discount_min_pct:
            continue
        own = [o.discount_pct or 0.0 for o in orders if o.actor_id == e.actor_id and o.at < start]
        others = [o for o in orders if o.actor_id != e.actor_id and o.role == e.role]
        enough_peers = len({o.actor_id for o in others}) >= t.peer_min
        peers = [o.discount_pct or 0.0 for o in others] if enough_peers else []
        own_z, own_median = _discount_excess(pct, own, t)
        peer_z, peer_median = _discount_excess(pct, peers, t)
        if max(own_z, peer_z) > 0:
            counts = {"own_median_pct": own_median, "peer_median_pct": peer_median}
            flagged[e.actor_id].append((e, max(own_z, peer_z), counts))
    return [_discount_finding(actor, found) for actor, found in flagged.items()]


def _discount_finding(actor: int, found: list[tuple[Event, float, dict[str, float]]]) -> Finding:
    top = max(found, key=lambda item: item[0].discount_pct or 0.0)
    highest = top[0].discount_pct or 0.0
    return Finding(
        "unusual_discount",
        actor,
        round(max(z for _e, z, _c in found), 2),
        f"{len(found)} orders with discounts far above usual (highest {highest:.1f}% of the sum)",
        [e.id for e, _z, _c in found],
        {"orders": float(len(found)), "max_pct": highest, **top[2]},
    )
