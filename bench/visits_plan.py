"""Monthly visit planning at scale: 200 managers, 20,000 customers.

    .venv/bin/python bench/visits_plan.py            # SQLite under bench/var/
    .venv/bin/python bench/visits_plan.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kd_bench_visits

Builds (into a database of its own, emptied first) 200 managers and 20,000 customers
spread over the seven grades, 13 districts and a box of coordinates around Nanjing, a
completed visit in the last year for most customers (so that only those due under their
policy are planned), 400 open required visits, then times:

- ``planner``: the pure planner alone on inputs already in memory;
- ``month``: ``month_plan_apply`` for the next month — read what the planner needs,
  plan, write the planned visits (the work of ``kam visits plan --month``).

Each is run three times (the plan is deleted between runs) and the best is printed with
the visits planned and the straight-line kilometres of the routes against the unordered
plan. Target (issue 6): planning a month for 200 managers with 20,000 customers in under
10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
DEFAULT_URL = f"sqlite:///{BENCH_DIR / 'var' / 'visits_bench.sqlite3'}"
MANAGERS, CUSTOMERS, REQUIRED = 200, 20_000, 400
DISTRICTS = [
    "玄武区",
    "秦淮区",
    "建邺区",
    "鼓楼区",
    "浦口区",
    "栖霞区",
    "雨花台区",
    "江宁区",
    "六合区",
    "溧水区",
    "高淳区",
    "江北新区",
    "仙林",
]
GRADES = [
    ("A", 0.08),
    ("B", 0.17),
    ("C", 0.25),
    ("D", 0.2),
    ("diamond", 0.05),
    ("gold", 0.1),
    ("silver", 0.15),
]


def _setup(database_url: str) -> None:
    os.environ.setdefault("KAM_ENV", "test")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _clear() -> None:
    from kamdesk.customers.models import Customer
    from kamdesk.users.models import User
    from kamdesk.visits.models import Visit

    Visit.objects.filter(customer__code__startswith="BV").delete()
    Customer.objects.filter(code__startswith="BV").delete()
    User.objects.filter(username__startswith="bench_visits_").delete()


def _build(rng: random.Random, today: dt.date, managers_n: int, customers_n: int) -> None:
    from django.db import transaction

    from kamdesk.customers.models import Customer, Grade
    from kamdesk.users.models import Role, User
    from kamdesk.visits.models import Visit, VisitStatus

    grades = {g.code: g for g in Grade.objects.all()}
    codes = [c for c, _w in GRADES]
    weights = [w for _c, w in GRADES]
    with transaction.atomic():
        managers = User.objects.bulk_create(
            User(username=f"bench_visits_{i:03d}", role=Role.MANAGER, password="!")  # noqa: S106 - unusable
            for i in range(managers_n)
        )
        rows = []
        for i in range(customers_n):
            code = rng.choices(codes, weights)[0]
            grade = grades[code]
            rows.append(
                Customer(
                    code=f"BV{i:07d}",
                    kind=grade.kind,
                    name=f"基准客户{i}",
                    grade=grade,
                    district=rng.choice(DISTRICTS),
                    latitude=Decimal(f"{31.9 + rng.random() * 0.4:.6f}"),
                    longitude=Decimal(f"{118.6 + rng.random() * 0.4:.6f}"),
                    manager=managers[i % managers_n],
                )
            )
        customers = Customer.objects.bulk_create(rows, batch_size=2000)
        history = []
        for c in customers:
            if rng.random() < 0.85:
                day = today - dt.timedelta(days=rng.randrange(10, 365))
                history.append(
                    Visit(
                        customer=c,
                        manager_id=c.manager_id,
                        planned_date=day,
                        status=VisitStatus.COMPLETED,
                    )
                )
        for c in rng.sample(customers, REQUIRED * customers_n // CUSTOMERS):
            history.append(
                Visit(
                    customer=c,
                    manager_id=c.manager_id,
                    planned_date=today,
                    required_reason="retention",
                    source_ref=f"bench-{c.pk}",
                    due_by=today + dt.timedelta(days=rng.randrange(2, 20)),
                )
            )
        Visit.objects.bulk_create(history, batch_size=2000)


def _run_pure(year: int, month: int, today: dt.date) -> tuple[float, int]:
    from kamdesk.calendars.selectors import STANDARD, work_calendar
    from kamdesk.visits.planning import month_bounds, plan_month
    from kamdesk.visits.services.plan import plan_config, plan_inputs

    first, last = month_bounds(year, month)
    customers, required = plan_inputs(first=first, last=last)
    cal = work_calendar(code=STANDARD, around=first)
    config = plan_config()
    started = time.perf_counter()
    plan = plan_month(
        year=year,
        month=month,
        customers=customers,
        required=required,
        is_working_day=cal.is_working_day,
        config=config,
        not_before=today,
    )
    return time.perf_counter() - started, len(plan.visits)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seed", type=int, default=6)
    # Smaller sizes only check that the benchmark runs; the target is at the defaults.
    parser.add_argument("--managers", type=int, default=MANAGERS)
    parser.add_argument("--customers", type=int, default=CUSTOMERS)
    args = parser.parse_args()
    (BENCH_DIR / "var").mkdir(exist_ok=True)
    _setup(args.database_url)
    from kamdesk.visits.models import Visit
    from kamdesk.visits.planning import add_months
    from kamdesk.visits.services.plan import month_plan_apply

    today = dt.date(2026, 11, 25)
    nxt = add_months(today.replace(day=1), 1)
    # A running scheduler or web process has the URLconf loaded already (the plan links
    # to the calendar); load it before timing, as the first ``reverse`` would.
    from django.urls import reverse

    reverse("visits:calendar")
    _clear()
    built = time.perf_counter()
    _build(random.Random(args.seed), today, args.managers, args.customers)
    print(
        f"built {args.managers} managers, {args.customers} customers "
        f"in {time.perf_counter() - built:.1f} s"
    )
    pure = [_run_pure(nxt.year, nxt.month, nxt) for _ in range(3)]
    best_pure = min(t for t, _ in pure)
    print(f"planner (pure, inputs in memory): best {best_pure:.2f} s, {pure[0][1]} visits")
    runs = []
    for _ in range(3):
        Visit.objects.filter(plan_month=f"{nxt:%Y-%m}", origin="plan").delete()
        started = time.perf_counter()
        summary = month_plan_apply(year=nxt.year, month=nxt.month, today=nxt)
        runs.append(time.perf_counter() - started)
    timings = ", ".join(f"{r:.2f}" for r in runs)
    saved = 100 * (1 - summary.km_ordered / summary.km_unordered)
    print(f"month (read + plan + write, {nxt:%Y-%m}): runs {timings} s; best {min(runs):.2f} s")
    print(
        f"created {summary.created}, required placed {summary.updated}, "
        f"unplaced {len(summary.unplaced)}; route {summary.km_ordered:,.0f} km against "
        f"{summary.km_unordered:,.0f} km unordered ({saved:.0f}% shorter)"
    )
    _clear()


if __name__ == "__main__":
    main()
