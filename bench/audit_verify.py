"""Benchmark: `kam audit verify` over 1,000,000 audit events (target: under 30 s).

Builds a valid hash chain of N events in its own database (an SQLite file under
bench/var by default, or a PostgreSQL database such as `kamdesk_bench_audit`), then times
the verification that `kam audit verify` runs, and prints the seconds.

    .venv/bin/python bench/audit_verify.py                      # SQLite, 1,000,000 events
    .venv/bin/python bench/audit_verify.py --events 200000
    .venv/bin/python bench/audit_verify.py \
        --database postgres://postgres@127.0.0.1:5432/kamdesk_bench_audit

The database is reused while it holds exactly N events; `--rebuild` starts afresh.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.benchenv import VAR_DIR, setup_django  # noqa: E402

ACTIONS = [
    "call_record.viewed",
    "bill.exported",
    "profile.viewed",
    "usage.viewed",
    "customer.updated",
    "auth.signin",
    "access.refused",
]
KINDS = ["call_record", "bill", "usage", "profile"]
BATCH = 20_000


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database", default=f"sqlite:///{VAR_DIR / 'audit-verify.sqlite3'}")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="As `kam audit verify --workers` (default: one per core).",
    )
    return parser.parse_args()


def ensure_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[-1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    VAR_DIR.mkdir(parents=True, exist_ok=True)


def build(count: int) -> None:
    """A valid chain of ``count`` events, written with raw batched inserts."""
    from django.db import connection, transaction

    from kamdesk.audit.chain import GENESIS, chain_fields, event_hash
    from kamdesk.audit.models import AuditChainHead, AuditEvent
    from kamdesk.users.models import User

    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    actor, _ = User.objects.get_or_create(username="bench-audit", defaults={"role": "manager"})
    rng = random.Random(2026)
    start = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    cols = [
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "role",
        "action",
        "target_type",
        "target_id",
        "customer_id",
        "purpose",
        "ip",
        "extra",
        "grant_id",
        "prev_hash",
        "hash",
    ]
    sql = (
        f"INSERT INTO audit_auditevent ({', '.join(cols)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(cols))})"
    )
    at_field = AuditEvent._meta.get_field("at")
    extra_field = AuditEvent._meta.get_field("extra")
    prev, rows = GENESIS, []
    for seq in range(1, count + 1):
        at = start + dt.timedelta(seconds=seq * 7, microseconds=rng.randrange(1_000_000))
        customer = rng.randrange(1, 100_000)
        # Details all different (a search string in each), so no cache helps: the worst case.
        extra = {
            "data_kind": rng.choice(KINDS),
            "rows": rng.randrange(1, 500),
            "filters": {"q": f"{rng.randrange(10**6):06d}", "page": rng.randrange(1, 9)},
        }
        row = (
            seq,
            at,
            actor.pk,
            actor.username,
            "manager",
            rng.choice(ACTIONS),
            "customers.customer",
            str(customer),
            customer,
            "",
            "10.1.2.3",
            extra,
            None,
        )
        digest = event_hash(prev, chain_fields(row))
        rows.append(
            (
                *row[:1],
                at_field.get_db_prep_save(at, connection),
                *row[2:11],
                extra_field.get_db_prep_save(extra, connection),
                None,
                prev,
                digest,
            )
        )
        prev = digest
        if len(rows) == BATCH or seq == count:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            rows = []
            print(f"\r  built {seq:,} events", end="", flush=True)
    print()
    AuditChainHead.objects.create(id=1, seq=count, hash=prev)


def _cpu() -> float:
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    args = parse()
    ensure_database(args.database)
    setup_django(database_url=args.database)
    os.environ["AUDIT_HEAD_FILE"] = "-"  # the bench chain has no external head
    from django.conf import settings
    from django.core.management import call_command

    settings.AUDIT_HEAD_FILE = ""
    call_command("migrate", verbosity=0)
    from kamdesk.audit.models import AuditEvent
    from kamdesk.audit.verify import audit_verify_report

    if args.rebuild or AuditEvent.objects.count() != args.events:
        print(f"building {args.events:,} audit events in {args.database}")
        began = time.perf_counter()
        build(args.events)
        print(f"  built in {time.perf_counter() - began:.1f} s")
    began, cpu = time.perf_counter(), _cpu()
    report = audit_verify_report(workers=args.workers)
    seconds, cpu = time.perf_counter() - began, _cpu() - cpu
    # CPU seconds alongside the wall clock (this process and its workers): on a shared
    # machine the wall clock also counts the time other processes held the cores.
    print(
        f"verify: ok={report.result.ok} events={report.checked:,} "
        f"seconds={seconds:.2f} cpu_seconds={cpu:.2f} "
        f"rate={report.checked / seconds:,.0f}/s workers={args.workers} "
        f"database={args.database.split(':', 1)[0]} "
        f"load={os.getloadavg()[0]:.1f}"
    )
    print(
        json.dumps(
            {
                "events": report.checked,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "ok": report.result.ok,
            }
        )
    )


if __name__ == "__main__":
    main()
