"""The monthly visit planner. Pure: no Django import.

Given the customers of some managers (their visit policy, last visit, coordinates),
the required visits, and the working days of the month, it proposes each manager's
visits: who is due under the policy, on which working day, in which order within the
day. Required visits are never silently dropped: each is placed (over the daily limit
if it must be) or reported in ``unplaced`` with the reason. Each day's visits are
ordered by district and coordinates to cut travel, and the straight-line distance of
the day is reported against the unordered plan.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

EARTH_KM = 6371.0088
BRUTE_FORCE_UP_TO = 6


@dataclass(frozen=True)
class PlanCustomer:
    customer_id: int
    manager_id: int
    every_months: int | None  # None: no policy, never due by frequency
    on_site: bool = True
    last_visit: dt.date | None = None
    district: str = ""
    lat: float | None = None
    lon: float | None = None
    open_requests: int = 0
    planned_in_month: bool = False  # a visit exists already this month


@dataclass(frozen=True)
class RequiredItem:
    key: str  # the existing visit's id, or any stable reference
    customer_id: int
    manager_id: int
    reason: str
    due_by: dt.date
    planned_date: dt.date | None = None  # keep this date when it is a working day in range


@dataclass(frozen=True)
class PlanConfig:
    max_per_day: int = 4
    day_start: dt.time = dt.time(9, 30)
    slot_minutes: int = 90


@dataclass
class PlannedVisit:
    customer_id: int
    manager_id: int
    day: dt.date
    why: str  # "policy", "open_requests" or "required"
    on_site: bool = True
    required_reason: str = ""
    required_key: str = ""
    late: bool = False  # a required visit that cannot be made by its due date
    order: int = 0
    time: dt.time | None = None


@dataclass
class DayRoute:
    manager_id: int
    day: dt.date
    visits: list[PlannedVisit]
    km_ordered: float
    km_unordered: float


@dataclass
class Unplaced:
    customer_id: int
    manager_id: int
    why: str
    reason: str  # "no_working_day" or "capacity"
    required_key: str = ""


@dataclass
class Plan:
    month: tuple[int, int]
    visits: list[PlannedVisit] = field(default_factory=list)
    routes: list[DayRoute] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def km_ordered(self) -> float:
        return sum(r.km_ordered for r in self.routes)

    @property
    def km_unordered(self) -> float:
        return sum(r.km_unordered for r in self.routes)


def parse_month(text: str) -> tuple[int, int]:
    """``"2026-12"`` → (2026, 12); raises ValueError naming the expected form."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
    except ValueError as exc:
        raise ValueError(f"{text!r}: expected YYYY-MM") from exc
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValueError(f"{text!r}: expected YYYY-MM")
    return year, month


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def next_due(customer: PlanCustomer, month_start: dt.date) -> dt.date | None:
    """When the policy next wants a visit; None when no policy applies."""
    if customer.every_months is None or customer.every_months <= 0:
        return None
    if customer.last_visit is None:
        return month_start
    return add_months(customer.last_visit, customer.every_months)


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (straight-line) distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def path_km(points: Sequence[tuple[float, float]]) -> float:
    return sum(km_between(points[i], points[i + 1]) for i in range(len(points) - 1))


def working_days(
    start: dt.date, end: dt.date, is_working_day: Callable[[dt.date], bool]
) -> list[dt.date]:
    days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    return [d for d in days if is_working_day(d)]


def plan_month(
    *,
    year: int,
    month: int,
    customers: Iterable[PlanCustomer],
    required: Iterable[RequiredItem],
    is_working_day: Callable[[dt.date], bool],
    config: PlanConfig | None = None,
    not_before: dt.date | None = None,
) -> Plan:
    """Propose the month's visits of every manager in ``customers`` and ``required``.

    ``not_before`` (usually today) keeps a plan made mid-month off the days gone by.
    """
    config = config or PlanConfig()
    first, last = month_bounds(year, month)
    start = max(first, not_before) if not_before else first
    days = working_days(start, last, is_working_day) if start <= last else []
    plan = Plan(month=(year, month))
    by_manager: dict[int, list[PlanCustomer]] = defaultdict(list)
    for c in customers:
        by_manager[c.manager_id].append(c)
    req_by_manager: dict[int, list[RequiredItem]] = defaultdict(list)
    for r in required:
        req_by_manager[r.manager_id].append(r)
    coords = {c.customer_id: c for cs in by_manager.values() for c in cs}
    for manager_id in sorted(set(by_manager) | set(req_by_manager)):
        _plan_manager(
            plan,
            manager_id,
            by_manager.get(manager_id, []),
            req_by_manager.get(manager_id, []),
            days,
            first,
            last,
            config,
        )
    _route(plan, coords, config)
    return plan


def _plan_manager(
    plan: Plan,
    manager_id: int,
    customers: list[PlanCustomer],
    required: list[RequiredItem],
    days: list[dt.date],
    first: dt.date,
    last: dt.date,
    config: PlanConfig,
) -> None:
    load: dict[dt.date, int] = defaultdict(int)
    required_ids = {r.customer_id for r in required}
    on_site = {c.customer_id: c.on_site for c in customers}
    for item in sorted(required, key=lambda r: (r.due_by, r.key)):
        _place_required(plan, item, days, load, config, on_site.get(item.customer_id, True))
    wanted = _due_customers(customers, required_ids, first, last)
    _place_policy(plan, manager_id, wanted, days, load, config)


def _place_required(
    plan: Plan,
    item: RequiredItem,
    days: list[dt.date],
    load: dict[dt.date, int],
    config: PlanConfig,
    on_site: bool,
) -> None:
    if not days:
        plan.unplaced.append(
            Unplaced(item.customer_id, item.manager_id, "required", "no_working_day", item.key)
        )
        return
    if item.planned_date in days:
        day = item.planned_date
    else:
        free = [d for d in days if load[d] < config.max_per_day]
        in_time = [d for d in free if d <= item.due_by]
        # The earliest free day in time; else the earliest free day (late, flagged);
        # else the least loaded day, over the limit: a required visit is never dropped
        # for want of room.
        day = (in_time or free or [min(days, key=lambda d: (load[d], d))])[0]
    load[day] += 1
    plan.visits.append(
        PlannedVisit(
            customer_id=item.customer_id,
            manager_id=item.manager_id,
            day=day,
            why="required",
            on_site=on_site,
            required_reason=item.reason,
            required_key=item.key,
            late=day > item.due_by,
        )
    )


def _due_customers(
    customers: list[PlanCustomer], required_ids: set[int], first: dt.date, last: dt.date
) -> list[tuple[dt.date, PlanCustomer, str]]:
    """(earliest day, customer, why) of each customer wanting a visit this month."""
    wanted = []
    for c in customers:
        if c.planned_in_month or c.customer_id in required_ids:
            continue
        due = next_due(c, first)
        if due is not None and due <= last:
            wanted.append((max(due, first), c, "policy"))
        elif c.open_requests:
            wanted.append((first, c, "open_requests"))
    return wanted


def _cluster_key(c: PlanCustomer) -> tuple[str, float, float]:
    return (c.district, c.lat if c.lat is not None else 0.0, c.lon if c.lon is not None else 0.0)


def _place_policy(
    plan: Plan,
    manager_id: int,
    wanted: list[tuple[dt.date, PlanCustomer, str]],
    days: list[dt.date],
    load: dict[dt.date, int],
    config: PlanConfig,
) -> None:
    """Fill the days evenly, neighbours together: customers go in district and
    coordinate order into consecutive days, each at or after its earliest day."""
    # Policy visits come before visits asked only by open requests when room is short.
    wanted.sort(key=lambda w: (w[2] != "policy", _cluster_key(w[1]), w[1].customer_id))
    if not days:
        for _day, c, why in wanted:
            plan.unplaced.append(Unplaced(c.customer_id, manager_id, why, "no_working_day"))
        return
    total = len(wanted) + sum(load.values())
    per_day = min(config.max_per_day, max(1, math.ceil(total / len(days))))
    for earliest, c, why in wanted:
        day = _first_day_with_room(days, load, earliest, per_day, config.max_per_day)
        if day is None:
            plan.unplaced.append(Unplaced(c.customer_id, manager_id, why, "capacity"))
            continue
        load[day] += 1
        plan.visits.append(PlannedVisit(c.customer_id, manager_id, day, why, on_site=c.on_site))


def _first_day_with_room(
    days: list[dt.date], load: dict[dt.date, int], earliest: dt.date, target: int, limit: int
) -> dt.date | None:
    for cap in (target, limit):
        for d in days:
            if d >= earliest and load[d] < cap:
                return d
    return None


def _route(plan: Plan, customers: dict[int, PlanCustomer], config: PlanConfig) -> None:
    by_day: dict[tuple[int, dt.date], list[PlannedVisit]] = defaultdict(list)
    for v in plan.visits:
        by_day[(v.manager_id, v.day)].append(v)
    for (manager_id, day), visits in sorted(by_day.items()):
        ordered, km_ordered, km_unordered = order_day(visits, customers)
        start = dt.datetime.combine(day, config.day_start)
        for i, v in enumerate(ordered):
            v.order = i + 1
            v.time = (start + dt.timedelta(minutes=i * config.slot_minutes)).time()
        plan.routes.append(DayRoute(manager_id, day, ordered, km_ordered, km_unordered))


def _point(c: PlanCustomer | None) -> tuple[float, float] | None:
    if c is None or c.lat is None or c.lon is None:
        return None
    return (c.lat, c.lon)


def order_day(
    visits: list[PlannedVisit], customers: dict[int, PlanCustomer]
) -> tuple[list[PlannedVisit], float, float]:
    """The day's visits in travel order: on-site visits with coordinates in the
    shortest open path found (exact up to six stops, nearest neighbour and 2-opt above),
    then on-site visits without coordinates by district, then calls. Returns the order
    and the straight-line kilometres of the ordered and of the unordered plan (the same
    visits taken by customer id, as a list would give them).
    """
    visits = sorted(visits, key=lambda v: v.customer_id)
    located = [v for v in visits if v.on_site and _point(customers.get(v.customer_id))]
    rest = [v for v in visits if v not in located]
    points = [_point(customers.get(v.customer_id)) for v in located]
    pts: list[tuple[float, float]] = [p for p in points if p is not None]
    km_unordered = path_km(pts)
    order = _shortest_path(pts, [customers[v.customer_id].district for v in located])
    ordered = [located[i] for i in order]
    km_ordered = path_km([pts[i] for i in order])
    rest.sort(key=lambda v: (not v.on_site, _district(customers, v), v.customer_id))
    return ordered + rest, km_ordered, km_unordered


def _district(customers: dict[int, PlanCustomer], v: PlannedVisit) -> str:
    c = customers.get(v.customer_id)
    return c.district if c else ""


def _shortest_path(pts: list[tuple[float, float]], districts: list[str]) -> list[int]:
    n = len(pts)
    if n <= 2:
        return list(range(n))
    dist = [[km_between(a, b) for b in pts] for a in pts]

    def length(order: Sequence[int]) -> float:
        return sum(dist[order[i]][order[i + 1]] for i in range(n - 1))

    if n <= BRUTE_FORCE_UP_TO:
        # Ties (equal lengths) go to the order that keeps districts together, then ids.
        def rank(order: tuple[int, ...]) -> tuple[float, list[str], tuple[int, ...]]:
            return (round(length(order), 6), [districts[i] for i in order], order)

        orders: list[tuple[int, ...]] = list(itertools.permutations(range(n)))
        chosen: tuple[int, ...] = min(orders, key=rank)
        return list(chosen)
    best = min((_nearest_neighbour(dist, s) for s in range(n)), key=length)
    return _two_opt(best, dist, length)


def _nearest_neighbour(dist: list[list[float]], start: int) -> list[int]:
    order, left = [start], set(range(len(dist))) - {start}
    while left:
        here = order[-1]
        nxt = min(left, key=lambda j: (dist[here][j], j))
        order.append(nxt)
        left.remove(nxt)
    return order


def _two_opt(
    order: list[int], dist: list[list[float]], length: Callable[[Sequence[int]], float]
) -> list[int]:
    best, best_len, improved = order, length(order), True
    while improved:
        improved = False
        for i in range(len(best) - 1):
            for j in range(i + 1, len(best)):
                candidate = best[:i] + best[i : j + 1][::-1] + best[j + 1 :]
                cand_len = length(candidate)
                if cand_len + 1e-9 < best_len:
                    best, best_len, improved = candidate, cand_len, True
    return best
