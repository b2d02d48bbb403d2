"""Commitments and orders at scale: the commitments sweep, the fulfilment rate and the
order form PDF.

    .venv/bin/python bench/commitments_orders.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kamdesk_bench_commitments

1. Builds (once: a database that holds that many commitments already is reused) 20
   managers in 4 teams with 50 customers each and ``--commitments`` commitments
   (default 200,000) spread over two years around today: 85 % fulfilled (80 % of
   those on time), 5 % cancelled, the rest open, renegotiated or overdue; bulk inserts
   through the ORM.
2. Times ``commitments_sweep`` twice (the first run marks what is due, the second finds
   nothing new: the cost of the queries alone), and ``fulfilment_rates`` for a
   supervisor (team of five) and a manager over a month and over a year.
3. Times the order form PDF of an order with 50 items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal

from benchenv import setup_django
from build_data import ensure_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kamdesk_bench_commitments"


def _timed(label: str, run) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = run()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s  {result}")
    return result


def build(count: int, seed: int) -> None:
    from django.utils import timezone

    from kamdesk.commitments.models import Commitment
    from kamdesk.customers.models import Customer, Grade
    from kamdesk.users.models import Team, User

    if Commitment.objects.count() >= count:
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    grade = Grade.objects.filter(kind="group").order_by("rank").first()
    managers = []
    for t in range(4):
        sup, _ = User.objects.get_or_create(username=f"bc-sup-{t}", defaults={"role": "supervisor"})
        team, _ = Team.objects.get_or_create(name=f"bench-c-{t}", defaults={"supervisor": sup})
        for m in range(5):
            user, _ = User.objects.get_or_create(
                username=f"bc-mgr-{t}{m}", defaults={"role": "manager", "team": team}
            )
            managers.append(user)
    customers = Customer.objects.bulk_create(
        Customer(
            code=f"BC{n:06d}",
            kind="group",
            name=f"基准集团{n}",
            grade=grade,
            manager=managers[n % len(managers)],
        )
        for n in range(len(managers) * 50)
    )
    rows = []
    for n in range(count):
        customer = customers[n % len(customers)]
        due = today + dt.timedelta(days=rng.randint(-700, 30))
        roll = rng.random()
        status = (
            "fulfilled"
            if roll < 0.85
            else "cancelled"
            if roll < 0.90
            else rng.choice(["open", "renegotiated", "overdue"])
        )
        if due > today and status == "fulfilled":
            status = "open"
        late = rng.random() >= 0.8
        fulfilled = (
            timezone.make_aware(
                dt.datetime.combine(
                    due + dt.timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 5)),
                    dt.time(10),
                )
            )
            if status == "fulfilled"
            else None
        )
        rows.append(
            Commitment(
                customer=customer,
                title="基准承诺",
                promised_by=customer.manager,
                promised_on=due - dt.timedelta(days=14),
                owner=customer.manager,
                due_on=due,
                original_due_on=due,
                status=status,
                source_kind="call",
                fulfilled_at=fulfilled,
            )
        )
        if len(rows) == 10_000:
            Commitment.objects.bulk_create(rows)
            rows = []
    Commitment.objects.bulk_create(rows)


def measure() -> None:
    from django.utils import timezone

    from kamdesk.commitments.selectors import fulfilment_rates
    from kamdesk.commitments.services import commitments_sweep
    from kamdesk.users.models import User

    today = timezone.localdate()
    _timed("commitments_sweep (first run)", commitments_sweep)
    _timed("commitments_sweep (nothing new)", commitments_sweep)
    sup, mgr = User.objects.get(username="bc-sup-0"), User.objects.get(username="bc-mgr-00")
    for who in (sup, mgr):
        for days in (30, 365):
            start = today - dt.timedelta(days=days)
            _timed(
                f"fulfilment_rates {who.username} {days} days",
                lambda w=who, s=start: fulfilment_rates(user=w, start=s, end=today)[1],
            )


def pdf() -> None:
    from kamdesk.customers.models import Customer
    from kamdesk.orders.pdf import order_form_pdf
    from kamdesk.orders.services.items import ItemInput, items_add
    from kamdesk.orders.services.orders import order_create

    customer = Customer.objects.filter(code__startswith="BC").first()
    assert customer is not None and customer.manager is not None
    order = order_create(actor=customer.manager, customer=customer)
    items_add(
        order=order,
        actor=customer.manager,
        items=[
            ItemInput(
                kind="handset",
                handset_model="华为 Mate 70",
                imei="356938035643809",
                unit_price=Decimal("4999.00"),
            )
            for _ in range(50)
        ],
    )
    _timed("order form PDF, 50 items", lambda: f"{len(order_form_pdf(order))} bytes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--commitments", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args(argv)
    ensure_database(args.database_url)
    setup_django(database_url=args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _timed("build", lambda: build(args.commitments, args.seed))
    measure()
    pdf()
    return 0


if __name__ == "__main__":
    sys.exit(main())
