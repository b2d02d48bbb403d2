"""Tariff optimisation at scale: a group of 2,000 subscribers, 12 months, 30 plans.

    .venv/bin/python bench/advisor_optimise.py            # SQLite under bench/var/
    .venv/bin/python bench/advisor_optimise.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kd_bench_advisor

Builds (into a database of its own, emptied first) 30 public plans of every kind the
engine knows (allowances, overage, unlimited with a speed cap, carry-over, free calls in
the closed user group, broadband, shared), three add-ons, one group customer with 2,000
current subscribers and twelve months of aggregates each (24,000 rows), then times
``optimisation_run`` (read the aggregates, re-rate every subscriber under every eligible
plan and add-on, store 2,000 result lines) three times and prints each run and the best.
Target (issue 10): under 5 s.
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
DEFAULT_URL = f"sqlite:///{BENCH_DIR / 'var' / 'advisor_bench.sqlite3'}"
SUBSCRIBERS, PLANS, MONTHS = 2000, 30, 12


def _setup(database_url: str) -> None:
    os.environ.setdefault("KAM_ENV", "test")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _clear()


def _clear() -> None:
    """Remove an earlier run's rows (the database is the benchmark's own)."""
    from kamdesk.advisor.models import Optimisation
    from kamdesk.customers.models import Account, Customer, Subscriber, TariffAddon, TariffPlan
    from kamdesk.usage.models import SubscriberMonth
    from kamdesk.users.models import User

    customers = Customer.objects.filter(code="BENCHADV")
    SubscriberMonth.objects.filter(customer__in=customers).delete()
    Optimisation.objects.filter(customer__in=customers).delete()
    Subscriber.objects.filter(customer__in=customers).delete()
    Account.objects.filter(customer__in=customers).delete()
    customers.delete()
    TariffAddon.objects.filter(code__in=["BDATA", "BVOICE", "BROAM"]).delete()
    TariffPlan.objects.filter(code__startswith="B", brand="基准").delete()
    User.objects.filter(username="bench-advisor").delete()


def _catalogue(rng: random.Random) -> list:  # type: ignore[type-arg]
    from kamdesk.advisor.models import AddonTerms, PlanTerms
    from kamdesk.customers.models import TariffAddon, TariffPlan

    plans = []
    for n in range(PLANS):
        plan = TariffPlan.objects.create(
            code=f"B{n:03d}",
            name=f"基准套餐{n}",
            brand="基准",
            segment=rng.choice(["individual", "group"]),
            filing_number=f"26JS{100000 + n}",
            monthly_fee=Decimal(rng.choice([18, 38, 58, 98, 128, 198, 288])),
            voice_minutes=rng.choice([100, 300, 600, 1000]),
            sms=rng.choice([0, 100]),
            data_mb=rng.choice([2, 10, 30, 60, 100]) * 1024,
            voice_overage_per_min=Decimal("0.15"),
            sms_overage=Decimal("0.10"),
            data_overage_per_gb=Decimal("3"),
            speed_cap_kbps=1000,
        )
        PlanTerms.objects.create(
            plan=plan,
            unlimited_data=n % 5 == 0,
            carry_over=n % 3 == 0,
            cug_free=n % 4 == 0,
            broadband_mbps=300 if n % 10 == 9 else 0,
            secondary_cards=2 if n % 7 == 6 else 0,
            secondary_fee=Decimal("10"),
        )
        plans.append(plan)
    for code, fee, minutes, gb, roaming in (
        ("BDATA", 30, 0, 10, False),
        ("BVOICE", 30, 300, 0, False),
        ("BROAM", 98, 100, 3, True),
    ):
        addon = TariffAddon.objects.create(
            code=code,
            name=code,
            filing_number=f"26JS9{code}",
            monthly_fee=Decimal(fee),
            voice_minutes=minutes,
            data_mb=gb * 1024,
        )
        addon.plans.set(plans)
        if roaming:
            AddonTerms.objects.create(addon=addon, covers_roaming=True)
    return plans


def _group(rng: random.Random, plans: list) -> object:  # type: ignore[type-arg]
    from kamdesk.customers.models import Account, Customer, Grade, Subscriber
    from kamdesk.usage.models import SubscriberMonth
    from kamdesk.users.models import User

    manager = User.objects.create(username="bench-advisor", role="manager")
    grade = Grade.objects.filter(kind="group").order_by("rank").first()
    customer = Customer.objects.create(
        code="BENCHADV",
        kind="group",
        name="基准集团有限公司",
        grade=grade,
        manager=manager,
        region="南京市",
    )
    account = Account.objects.create(
        code="BENCHACC", customer=customer, name="统付账户", payment_relation="group"
    )
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            subscriber_id=f"BS{n:07d}",
            number=f"1390000{n:04d}",
            valid_from=dt.date(2020, 1, 1),
            customer=customer,
            account=account,
            plan=rng.choice(plans),
        )
        for n in range(SUBSCRIBERS)
    )
    months = [dt.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(10, 10 + MONTHS)]
    rows = [
        SubscriberMonth(
            subscriber=s,
            account=account,
            customer=customer,
            month=month,
            voice_out_minutes=rng.randint(0, 1200),
            sms_out=rng.randint(0, 150),
            data_kb=rng.randint(0, 80 * 1024) * 1024,
            roaming_fen=rng.choice([0] * 19 + [30000]),
            total_fen=rng.randint(2000, 30000),
        )
        for s in subscribers
        for month in months
    ]
    SubscriberMonth.objects.bulk_create(rows, batch_size=5000)
    return customer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    (BENCH_DIR / "var").mkdir(exist_ok=True)
    _setup(args.database_url)
    from kamdesk.advisor.services import optimisation_run

    rng = random.Random(20261128)
    started = time.monotonic()
    customer = _group(rng, _catalogue(rng))
    print(
        f"built {SUBSCRIBERS} subscribers × {MONTHS} months, {PLANS} plans "
        f"in {time.monotonic() - started:.1f} s"
    )
    timings = []
    for run in range(args.runs):
        started = time.monotonic()
        result = optimisation_run(actor=None, customer=customer, today=dt.date(2026, 11, 28))
        timings.append(time.monotonic() - started)
        print(
            f"run {run + 1}: {timings[-1]:.2f} s, {result.subscribers} subscribers rated, "
            f"{result.lines.count()} lines, saving ¥{result.saving_month}/month"
        )
    print(f"best {min(timings):.2f} s (target < 5 s) on {args.database_url.split(':')[0]}")


if __name__ == "__main__":
    main()
