"""The monthly plan: read what the planner needs, run it, and write the proposals as
planned visits. Running it again for the same month adds nothing twice (customers with
a visit in the month are skipped)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.calendars.selectors import STANDARD, work_calendar
from kamdesk.customers.models import Customer, CustomerStatus
from kamdesk.tickets.models import OPEN_STATUSES, Ticket
from kamdesk.users.models import User
from kamdesk.visits.models import (
    OPEN_VISIT_STATUSES,
    Visit,
    VisitKind,
    VisitMode,
    VisitOrigin,
    VisitPolicy,
    VisitSettings,
    VisitStatus,
)
from kamdesk.visits.planning import (
    Plan,
    PlanConfig,
    PlanCustomer,
    RequiredItem,
    month_bounds,
    path_km,
    plan_month,
)

PLANNABLE = (CustomerStatus.ACTIVE, CustomerStatus.AT_RISK)


@dataclass
class PlanSummary:
    month: str
    created: int = 0
    updated: int = 0
    unplaced: list[tuple[int, str, str]] = field(default_factory=list)
    km_ordered: float = 0.0
    km_unordered: float = 0.0
    per_manager: dict[int, int] = field(default_factory=dict)
    # (manager id, day, km of the ordered route, km of the same visits unordered)
    routes: list[tuple[int, dt.date, float, float]] = field(default_factory=list)


def _float(value: object) -> float | None:
    return float(str(value)) if value is not None else None


def plan_inputs(
    *, first: dt.date, last: dt.date, manager_ids: list[int] | None = None
) -> tuple[list[PlanCustomer], list[RequiredItem]]:
    """What the planner needs, in a handful of queries whatever the number of customers."""
    customers = Customer.objects.filter(status__in=PLANNABLE, manager__isnull=False)
    visits = Visit.objects.all()
    if manager_ids is not None:
        customers = customers.filter(manager_id__in=manager_ids)
        visits = visits.filter(customer__manager_id__in=manager_ids)
    policies = {p.grade_id: p for p in VisitPolicy.objects.filter(is_active=True)}
    last_done = dict(
        visits.filter(status=VisitStatus.COMPLETED, planned_date__lt=first)
        .values("customer_id")
        .annotate(d=Max("planned_date"))
        .values_list("customer_id", "d")
    )
    in_month = set(
        visits.filter(planned_date__gte=first, planned_date__lte=last)
        .exclude(status=VisitStatus.CANCELLED)
        .values_list("customer_id", flat=True)
    )
    requests = dict(
        Ticket.objects.filter(status__in=OPEN_STATUSES)
        .values("customer_id")
        .annotate(n=Count("pk"))
        .values_list("customer_id", "n")
    )
    rows = customers.values_list(
        "pk", "manager_id", "grade_id", "district", "latitude", "longitude"
    )
    plan_customers = []
    for pk, manager_id, grade_id, district, lat, lon in rows.iterator(chunk_size=5000):
        policy = policies.get(grade_id)
        plan_customers.append(
            PlanCustomer(
                customer_id=pk,
                manager_id=manager_id,
                every_months=policy.every_months if policy else None,
                on_site=policy is None or policy.mode == VisitMode.ON_SITE,
                last_visit=last_done.get(pk),
                district=district or "",
                lat=_float(lat),
                lon=_float(lon),
                open_requests=requests.get(pk, 0),
                planned_in_month=pk in in_month,
            )
        )
    return plan_customers, _required(visits, last)


def _required(visits: object, last: dt.date) -> list[RequiredItem]:
    rows = (
        Visit.objects.filter(pk__in=visits.values("pk"))  # type: ignore[attr-defined]
        .filter(status__in=OPEN_VISIT_STATUSES)
        .exclude(required_reason="")
        .filter(Q(due_by__lte=last) | Q(planned_date__lte=last))
        .values_list("pk", "customer_id", "manager_id", "required_reason", "due_by", "planned_date")
    )
    return [
        RequiredItem(
            key=str(pk),
            customer_id=customer_id,
            manager_id=manager_id,
            reason=reason,
            due_by=due_by or planned,
            planned_date=planned,
        )
        for pk, customer_id, manager_id, reason, due_by, planned in rows
    ]


def plan_config() -> PlanConfig:
    row = VisitSettings.current()
    return PlanConfig(
        max_per_day=row.max_visits_per_day, day_start=row.day_start, slot_minutes=row.slot_minutes
    )


def month_plan_build(
    *, year: int, month: int, manager_ids: list[int] | None = None, today: dt.date | None = None
) -> Plan:
    first, last = month_bounds(year, month)
    customers, required = plan_inputs(first=first, last=last, manager_ids=manager_ids)
    cal = work_calendar(code=STANDARD, around=first)
    return plan_month(
        year=year,
        month=month,
        customers=customers,
        required=required,
        is_working_day=cal.is_working_day,
        config=plan_config(),
        not_before=today or timezone.localdate(),
    )


def month_plan_apply(
    *,
    year: int,
    month: int,
    actor: User | None = None,
    manager_ids: list[int] | None = None,
    today: dt.date | None = None,
) -> PlanSummary:
    """Plan the month and write it: new planned visits, required visits put in order."""
    plan = month_plan_build(year=year, month=month, manager_ids=manager_ids, today=today)
    label = f"{year:04d}-{month:02d}"
    summary = PlanSummary(month=label, km_ordered=plan.km_ordered, km_unordered=plan.km_unordered)
    new, moved = [], []
    for v in plan.visits:
        if v.required_key:
            moved.append(v)
            continue
        new.append(
            Visit(
                customer_id=v.customer_id,
                manager_id=v.manager_id,
                kind=VisitKind.ON_SITE if v.on_site else VisitKind.CALL,
                purpose=str(_("Regular visit")) if v.why == "policy" else str(_("Open requests")),
                planned_date=v.day,
                planned_time=v.time,
                route_order=v.order,
                origin=VisitOrigin.PLAN,
                plan_month=label,
                created_by=actor,
            )
        )
    with transaction.atomic():
        _insert_planned(new)
        summary.updated = Visit.objects.bulk_update(
            [
                Visit(
                    pk=int(v.required_key),
                    planned_date=v.day,
                    planned_time=v.time,
                    route_order=v.order,
                    plan_month=label,
                )
                for v in moved
            ],
            ["planned_date", "planned_time", "route_order", "plan_month"],
            batch_size=500,
        )
        summary.created = len(new)
        summary.unplaced = [(u.customer_id, u.why, u.reason) for u in plan.unplaced]
        summary.per_manager = dict(Counter(v.manager_id for v in plan.visits))
        summary.routes = [(r.manager_id, r.day, r.km_ordered, r.km_unordered) for r in plan.routes]
        audit_record(
            actor=actor,
            action="visit.plan_made",
            target_type="visits.plan",
            target_id=label,
            extra={
                "created": summary.created,
                "updated": summary.updated,
                "unplaced": len(plan.unplaced),
            },
        )
    _tell_managers(label, summary.per_manager)
    return summary


def _tell_managers(label: str, per_manager: dict[int, int]) -> None:
    from django.urls import reverse

    from kamdesk.notifications.services import Notice, notify_many

    url = reverse("visits:calendar") + f"?month={label}"
    managers = User.objects.filter(pk__in=list(per_manager), is_active=True)
    notify_many(
        notices=[
            Notice(
                user=manager,
                kind="visit.plan",
                title=_("Your visit plan for %(month)s: %(n)s visits")
                % {"month": label, "n": per_manager[manager.pk]},
                dedup_key=f"visit-plan:{label}:u{manager.pk}",
                url=url,
            )
            for manager in managers
        ]
    )


# Columns a planned visit sets; every other column takes the model's default.
_PLANNED_COLUMNS = (
    "customer_id",
    "manager_id",
    "kind",
    "purpose",
    "planned_date",
    "planned_time",
    "route_order",
    "origin",
    "plan_month",
    "created_by_id",
    "created_at",
    "updated_at",
)


def _insert_planned(rows: list[Visit]) -> None:
    """Insert new planned visits. ``bulk_create`` prepares each of the 45 columns of each
    row (about a millisecond a row here, 15 s for a province's month); a planned visit
    varies in a dozen, so the other columns' values are prepared once for all rows."""
    if not rows:
        return
    connection = connections[router.db_for_write(Visit)]
    now = timezone.now()
    template = Visit()
    fields = [f for f in Visit._meta.concrete_fields if not f.primary_key]
    fixed = {
        f.attname: f.get_db_prep_save(getattr(template, f.attname), connection)
        for f in fields
        if f.attname not in _PLANNED_COLUMNS
    }
    by_name = {f.attname: f for f in fields}
    prep_now = by_name["created_at"].get_db_prep_save(now, connection)
    columns = [f.attname for f in fields]
    # Names from the model's own metadata, quoted; values go as parameters, many rows a
    # statement (within SQLite's 32,766 and PostgreSQL's 65,535 parameters).
    table = connection.ops.quote_name(Visit._meta.db_table)
    names = ", ".join(connection.ops.quote_name(by_name[c].column or c) for c in columns)
    head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, 30_000 // len(columns))
    date_f, time_f = by_name["planned_date"], by_name["planned_time"]
    params = []
    for v in rows:
        varying = {
            "customer_id": v.customer_id,
            "manager_id": v.manager_id,
            "kind": v.kind,
            "purpose": v.purpose,
            "planned_date": date_f.get_db_prep_save(v.planned_date, connection),
            "planned_time": time_f.get_db_prep_save(v.planned_time, connection),
            "route_order": v.route_order,
            "origin": v.origin,
            "plan_month": v.plan_month,
            "created_by_id": v.created_by_id,
            "created_at": prep_now,
            "updated_at": prep_now,
        }
        params.append([varying[c] if c in varying else fixed[c] for c in columns])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is the fast path on PostgreSQL (many-row INSERTs parse slowly there).
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            return
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            flat = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([one_row] * len(chunk)), flat)


def _located(v: Visit) -> tuple[float, float] | None:
    c = v.customer
    if v.kind == VisitKind.CALL or c.latitude is None or c.longitude is None:
        return None
    return (float(c.latitude), float(c.longitude))


def day_km(visits: list[Visit]) -> dict[dt.date, tuple[float, float]]:
    """Per day, the straight-line km of the route as planned and of the same visits
    unordered (by customer): what the day's order saves in travel."""
    by_day: dict[dt.date, list[Visit]] = defaultdict(list)
    for v in visits:
        if v.status != VisitStatus.CANCELLED:
            by_day[v.planned_date].append(v)
    out = {}
    for day, rows in by_day.items():
        routed = sorted(rows, key=lambda r: (r.route_order, r.planned_time or dt.time(0), r.pk))
        listed = sorted(rows, key=lambda r: r.customer_id)
        ordered_pts = [p for p in map(_located, routed) if p]
        listed_pts = [p for p in map(_located, listed) if p]
        out[day] = (round(path_km(ordered_pts), 1), round(path_km(listed_pts), 1))
    return out
