"""Time ``kam import subscribers`` on a generated file, in a throw-away SQLite database.

    .venv/bin/python bench/import_subscribers.py --rows 20000

Builds customers, accounts and two plans with the ORM, writes a subscribers CSV (a tenth
of the numbers recycled: two holders one after the other), then times three imports:
the first load, the same file again (nothing changes) and a file moving every line to
another plan (every row updated and audited). docs/data-formats.md keeps the figures.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(var_dir: Path) -> None:
    os.environ.update(
        {
            "KAM_ENV": "test",
            "DATABASE_URL": f"sqlite:///{var_dir / 'import-bench.sqlite3'}",
            "KAM_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(customers: int) -> None:
    from kamdesk.customers.models import Account, Customer, Grade, TariffPlan

    grade = Grade.objects.get(code="A")
    Customer.objects.bulk_create(
        Customer(code=f"G{n:06d}", kind="group", name=f"企业{n}", grade=grade)
        for n in range(customers)
    )
    ids = dict(Customer.objects.values_list("code", "id"))
    Account.objects.bulk_create(
        Account(
            code=f"A{n:06d}",
            customer_id=ids[f"G{n:06d}"],
            name=f"账户{n}",
            payment_relation="group",
        )
        for n in range(customers)
    )
    TariffPlan.objects.bulk_create(
        [
            TariffPlan(code="P128", name="128元套餐", monthly_fee=128),
            TariffPlan(code="P198", name="198元套餐", monthly_fee=198),
        ]
    )


def write_file(path: Path, rows: int, customers: int, plan: str) -> None:
    header = [
        "subscriber_id",
        "number",
        "valid_from",
        "valid_to",
        "customer_code",
        "account_code",
        "plan_code",
        "status",
        "activated_on",
        "holder_name",
        "user_name",
    ]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for n in range(rows):
            recycled = n % 10 == 9  # the previous row's number, after its holder left
            number = 13800000000 + (n - 1 if recycled else n)
            valid_from, valid_to = ("2022-01-01", "") if recycled else ("2018-01-01", "")
            if (n + 1) % 10 == 9:
                valid_to = "2022-01-01"
            c = n % customers
            writer.writerow(
                [
                    f"S{n:08d}",
                    number,
                    valid_from,
                    valid_to,
                    f"G{c:06d}",
                    f"A{c:06d}",
                    plan,
                    "active",
                    valid_from,
                    f"企业{c}",
                    "张伟",
                ]
            )


def timed(label: str, path: Path) -> None:
    from kamdesk.customers.imports.runner import format_counts, run_import

    started = time.perf_counter()
    report = run_import(entity="subscribers", path=path)
    elapsed = time.perf_counter() - started
    if report.errors:
        raise SystemExit(f"{label}: {len(report.errors)} errors, first {report.errors[0]}")
    print(f"{label:<22} {elapsed:6.1f} s   {format_counts(report)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kam-import-bench-") as tmp:
        var_dir = Path(tmp)
        setup(var_dir)
        build(args.customers)
        first, moved = var_dir / "subscribers.csv", var_dir / "subscribers-moved.csv"
        write_file(first, args.rows, args.customers, "P128")
        write_file(moved, args.rows, args.customers, "P198")
        timed("first import", first)
        timed("same file again", first)
        timed("every row updated", moved)


if __name__ == "__main__":
    main()
