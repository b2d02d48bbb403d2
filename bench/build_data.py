"""Build the benchmark data set in PostgreSQL: staff, customers, accounts, subscribers.

    .venv/bin/python bench/build_data.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kamdesk_bench \\
        --customers 100000 --subscribers 1000000

Migrates the database, then loads generated rows with COPY straight into the tables
(the ORM would take hours at this size). A row in ``bench_build`` records what was
built: a second run with the same sizes does nothing. The database is created when
it does not exist; use a database of its own, since a rebuild empties its tables.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import psycopg
from benchenv import DEFAULT_DATABASE_URL, audit_head_file, setup_django
from psycopg import conninfo, sql

BUILD_VERSION = 1  # bump when the generated data changes shape, to force a rebuild


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--force", action="store_true", help="rebuild even if already built")
    args = parser.parse_args(argv)
    if args.customers < 100 or args.subscribers < args.customers:
        parser.error("need at least 100 customers and one subscriber per customer")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark runs on PostgreSQL only")
    return args


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet (like ``createdb``)."""
    try:
        psycopg.connect(url, connect_timeout=5).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    info = conninfo.conninfo_to_dict(url)
    name = str(info["dbname"])
    info["dbname"] = "postgres"
    with psycopg.connect(**info, autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"created database {name}")


def built_already(conn: psycopg.Connection[Any], args: argparse.Namespace) -> bool:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_build (id int PRIMARY KEY, customers int NOT NULL,"
        " subscribers int NOT NULL, seed int NOT NULL, version int NOT NULL,"
        " built_at timestamptz NOT NULL, seconds numeric NOT NULL)"
    )
    row = conn.execute(
        "SELECT customers, subscribers, seed, version FROM bench_build WHERE id = 1"
    ).fetchone()
    conn.commit()
    return row == (args.customers, args.subscribers, args.seed, BUILD_VERSION)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    ensure_database(args.database_url)
    setup_django(database_url=args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated in {time.monotonic() - started:.1f} s")
    with psycopg.connect(args.database_url) as conn:
        if built_already(conn, args) and not args.force:
            print(f"already built: {args.customers} customers, {args.subscribers} subscribers")
            return 0
        from loader import load_everything

        # The audit trail is emptied with the rest: forget its external head too.
        audit_head_file(args.database_url).unlink(missing_ok=True)
        load_everything(
            conn, customers=args.customers, subscribers=args.subscribers, seed=args.seed
        )
        conn.execute(
            "INSERT INTO bench_build VALUES (1, %s, %s, %s, %s, now(), %s)"
            " ON CONFLICT (id) DO UPDATE SET customers = EXCLUDED.customers,"
            " subscribers = EXCLUDED.subscribers, seed = EXCLUDED.seed,"
            " version = EXCLUDED.version, built_at = now(), seconds = EXCLUDED.seconds",
            (
                args.customers,
                args.subscribers,
                args.seed,
                BUILD_VERSION,
                round(time.monotonic() - started, 1),
            ),
        )
        conn.commit()
    analyse(args.database_url)
    print(f"built in {time.monotonic() - started:.1f} s")
    return 0


def analyse(url: str) -> None:
    """VACUUM sets the visibility map (index-only scans); ANALYZE gives the planner figures."""
    t0 = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    print(f"vacuum analyse: {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
