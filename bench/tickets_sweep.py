"""Requests at scale: the periodic SLA sweep, and the department queue page under load.

    .venv/bin/python bench/tickets_sweep.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kamdesk_bench_tickets

1. Builds (once; ``--force`` rebuilds) 1,000,000 requests and 3,000,000 green-channel
   steps with COPY in a database of their own: 92 % resolved history over two years,
   8 % open in the last ten days with their steps in five departments, clocks stored
   as the application stores them. Everything due before the build's reference
   moment T0 is recorded as done (warned, breached), as a sweep running every minute
   would have left it.
2. Times ``sla_sweep`` in this process, after resetting the state to T0: a run one
   minute after T0 (the steady state: one minute's worth is due), the same run again
   (nothing left: the cost of the queries alone), and a late run ten minutes after T0
   (the scheduler was down for nine minutes).
3. Serves the application with gunicorn and production settings (bench/server.py, as
   docs/operations.md deploys it) and lets 20 back-office agents, four in each
   department, load their department's queue page (pages 1–3) in a loop with one
   second between requests; prints p50/p95/p99/max.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import threading
import time
from typing import Any

import psycopg
from benchenv import PASSWORD, RESULTS_DIR, setup_django
from build_data import analyse, ensure_database
from copyload import copy_rows, create_indexes, secondary_indexes, timed

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kamdesk_bench_tickets"
DEPARTMENTS = ("billing", "network", "provisioning", "customer_service", "enterprise_support")
AGENTS_PER_DEPARTMENT = 4
TEAMS, MANAGERS_PER_TEAM = 4, 5
CUSTOMERS = 20_000
OPEN_SHARE = 0.08
STEP_COUNTS = (1, 2, 3, 4, 5)  # cycled: three steps a request on average
SWEEP_TARGET_S = 2.0
PAGE_TARGET_MS = 150.0
BUILD_VERSION = 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--force", action="store_true", help="rebuild the data")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument("--json", default=str(RESULTS_DIR / "tickets-latest.json"))
    return parser.parse_args(argv)


# --- building -------------------------------------------------------------------------------


def _built(conn: psycopg.Connection[Any], requests: int) -> dt.datetime | None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_tickets_build (id int PRIMARY KEY,"
        " requests int NOT NULL, version int NOT NULL, t0 timestamptz NOT NULL)"
    )
    row = conn.execute(
        "SELECT requests, version, t0 FROM bench_tickets_build WHERE id = 1"
    ).fetchone()
    conn.commit()
    if row and row[0] == requests and row[1] == BUILD_VERSION:
        return row[2]
    return None


class Builder:
    def __init__(self, *, requests: int, seed: int, t0: dt.datetime) -> None:
        self.requests = requests
        self.rng = random.Random(seed)
        self.t0 = t0
        self.first_manager = 1 + TEAMS  # ids: supervisors 1..4, then managers, then agents
        self.managers = TEAMS * MANAGERS_PER_TEAM
        self.first_agent = self.first_manager + self.managers
        self.step_id = 0
        self.plan: list[tuple[int, dt.datetime, bool, str]] = []

    def staff(self) -> list[dict[str, Any]]:
        from django.contrib.auth.hashers import make_password

        base = {"password": make_password(PASSWORD), "date_joined": self.t0, "is_active": True}
        rows = [
            {**base, "id": t, "username": f"bench-sup-{t}", "role": "supervisor", "team_id": None}
            for t in range(1, TEAMS + 1)
        ]
        for n in range(self.managers):
            rows.append(
                {
                    **base,
                    "id": self.first_manager + n,
                    "username": f"bench-mgr-{n + 1:02d}",
                    "role": "manager",
                    "team_id": n // MANAGERS_PER_TEAM + 1,
                }
            )
        for d, _code in enumerate(DEPARTMENTS):
            for a in range(AGENTS_PER_DEPARTMENT):
                rows.append(
                    {
                        **base,
                        "id": self.agent_id(d, a),
                        "username": self.agent_name(d, a),
                        "role": "backoffice",
                        "department_id": d + 1,
                    }
                )
        return rows

    def agent_id(self, department: int, n: int) -> int:
        return self.first_agent + department * AGENTS_PER_DEPARTMENT + n

    @staticmethod
    def agent_name(department: int, n: int) -> str:
        return f"bench-agent-{DEPARTMENTS[department]}-{n + 1}"

    def customers(self, grades: list[int]) -> Any:
        for i in range(1, CUSTOMERS + 1):
            yield {
                "id": i,
                "code": f"BT{i:08d}",
                "kind": "group",
                "name": f"基准测试集团{i}有限公司",
                "grade_id": grades[i % len(grades)],
                "status": "active",
                "manager_id": self.first_manager + i % self.managers,
            }

    def ticket(self, i: int, categories: list[int]) -> dict[str, Any]:
        rng = self.rng
        open_ = rng.random() < OPEN_SHARE
        minutes = rng.choice((240, 900, 1350, 2250))
        if open_:
            opened = self.t0 - dt.timedelta(minutes=rng.uniform(0, 10 * 24 * 60))
        else:
            opened = self.t0 - dt.timedelta(days=rng.uniform(10, 730))
        due = opened + dt.timedelta(minutes=minutes)
        warn = opened + dt.timedelta(minutes=minutes * 0.75)
        customer = 1 + i % CUSTOMERS
        row: dict[str, Any] = {
            "id": i,
            "customer_id": customer,
            "channel": "phone",
            "category_id": categories[i % len(categories)],
            "priority": "p3",
            "derived_priority": "p3",
            "title": f"基准请求 {i}",
            "description": "",
            "owner_id": self.first_manager + customer % self.managers,
            "opened_at": opened,
            "first_response_at": opened + dt.timedelta(minutes=20),
            "calendar_code": "24x7",
            "response_minutes": 60,
            "resolution_minutes": minutes,
            "warning_percent": 75,
            "due_at": due,
            "warn_at": warn,
            "response_due_at": opened + dt.timedelta(minutes=60),
            "created_at": opened,
            "updated_at": opened,
        }
        if open_:
            self._open_clock(row, rng.random() < 0.1)
        else:
            resolved = opened + dt.timedelta(minutes=minutes * rng.uniform(0.1, 1.3))
            row.update(
                status=rng.choice(("resolved", "closed", "closed")),
                resolved_at=resolved,
                sla_met=resolved <= due,
                resolution="已处理",
                resolution_count=1,
                warned_at=warn if warn <= resolved else None,
                breached_at=due if due <= resolved else None,
            )
        # Only what the steps need is kept: 3,000,000 step rows would not fit in memory.
        self.plan.append((i, row["opened_at"], open_, row["status"]))
        return row

    def all_steps(self) -> Any:
        for i, opened, open_, status in self.plan:
            ticket = {"id": i, "opened_at": opened, "status": status}
            yield from self.steps(ticket, open_, STEP_COUNTS[i % len(STEP_COUNTS)])

    def _open_clock(self, row: dict[str, Any], waiting: bool) -> None:
        if waiting:
            row.update(
                status="waiting",
                paused_since=self.t0 - dt.timedelta(hours=2),
                due_at=None,
                warn_at=None,
            )
            return
        row["status"] = self.rng.choice(("new", "accepted", "in_progress", "in_progress"))
        self.pending(row, "warn_at", "warned_at", "warn_pending_at")
        self.pending(row, "due_at", "breached_at", "breach_pending_at")

    def pending(self, row: dict[str, Any], moment: str, done: str, pending: str) -> None:
        """What a sweep running every minute until T0 would have left."""
        when = row[moment]
        if when is None:
            return
        if when <= self.t0:
            row[done] = when
        else:
            row[pending] = when

    def steps(self, ticket: dict[str, Any], open_: bool, count: int) -> list[dict[str, Any]]:
        rows = []
        start = ticket["opened_at"]
        for seq in range(1, count + 1):
            self.step_id += 1
            department = self.rng.randrange(len(DEPARTMENTS)) + 1
            due = start + dt.timedelta(minutes=450)
            row: dict[str, Any] = {
                "id": self.step_id,
                "ticket_id": ticket["id"],
                "department_id": department,
                "sequence": seq,
                "instructions": "核对",
                "calendar_code": "standard",
                "target_minutes": 450,
                "warning_percent": 75,
                "opened_at": start,
                "due_at": due,
                "warn_at": start + dt.timedelta(minutes=337),
                "idempotency_key": _uuid(self.rng),
                "created_at": start,
                "updated_at": start,
            }
            last_open = open_ and seq == count
            if last_open:
                waiting = ticket["status"] == "waiting"
                row["status"] = self.rng.choice(("open", "in_progress"))
                if waiting:
                    row.update(due_at=None, warn_at=None)
                self.pending(row, "warn_at", "warned_at", "warn_pending_at")
                self.pending(row, "due_at", "breached_at", "breach_pending_at")
            else:
                back = start + dt.timedelta(minutes=self.rng.uniform(30, 600))
                if open_:
                    back = min(back, self.t0 - dt.timedelta(minutes=1))
                row.update(
                    status="done",
                    handed_back_at=back,
                    outcome="已处理",
                    sla_met=back <= due,
                    warned_at=row["warn_at"] if row["warn_at"] <= back else None,
                    breached_at=due if due <= back else None,
                )
                start = back
            rows.append(row)
        return rows


def _uuid(rng: random.Random) -> Any:
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _drop_foreign_keys(cur: Any, tables: tuple[str, ...]) -> list[tuple[str, str, str]]:
    rows = cur.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        (list(tables),),
    ).fetchall()
    for table, name, _definition in rows:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    return rows


def _add_foreign_keys(cur: Any, rows: list[tuple[str, str, str]]) -> None:
    for table, name, definition in rows:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def build(url: str, *, requests: int, seed: int) -> dt.datetime:
    from kamdesk.customers.models import Customer
    from kamdesk.tickets.models import Step, Ticket
    from kamdesk.users.models import Department, Team, User

    t0 = dt.datetime.now(dt.UTC).replace(microsecond=0)
    builder = Builder(requests=requests, seed=seed, t0=t0)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "TRUNCATE users_user, users_team, users_department, customers_customer,"
            " tickets_ticket, tickets_step RESTART IDENTITY CASCADE"
        )
        # Foreign keys of the big tables go before anything is written (a table with
        # pending trigger events cannot be altered) and come back after the load.
        foreign_keys = _drop_foreign_keys(cur, ("tickets_ticket", "tickets_step"))
        grades = [g for (g,) in cur.execute("SELECT id FROM customers_grade WHERE kind = 'group'")]
        categories = [c for (c,) in cur.execute("SELECT id FROM tickets_category")]
        timed("staff", lambda: copy_rows(cur, User, builder.staff(), t0))
        timed(
            "teams",
            lambda: copy_rows(
                cur,
                Team,
                ({"id": t, "name": f"基准{t}组", "supervisor_id": t} for t in range(1, TEAMS + 1)),
                t0,
            ),
        )
        timed(
            "departments",
            lambda: copy_rows(
                cur,
                Department,
                ({"id": d + 1, "code": code, "name": code} for d, code in enumerate(DEPARTMENTS)),
                t0,
            ),
        )
        timed("customers", lambda: copy_rows(cur, Customer, builder.customers(grades), t0))
        dropped = [
            *secondary_indexes(cur, "tickets_ticket"),
            *secondary_indexes(cur, "tickets_step"),
        ]
        for name, _definition in dropped:
            cur.execute(f"DROP INDEX {name}")
        tickets = (builder.ticket(i, categories) for i in range(1, requests + 1))
        timed("requests", lambda: copy_rows(cur, Ticket, tickets, t0))
        timed("steps", lambda: copy_rows(cur, Step, builder.all_steps(), t0))
        conn.commit()  # the small tables' deferred checks run here
        timed("indexes", lambda: create_indexes(cur, dropped))
        # One validating join per constraint instead of a trigger per row.
        timed("foreign keys", lambda: _add_foreign_keys(cur, foreign_keys))
        for table in (
            "users_user",
            "users_team",
            "users_department",
            "customers_customer",
            "tickets_ticket",
            "tickets_step",
        ):
            # The table names are the constants above, never input.
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                f" (SELECT max(id) FROM {table}))"
            )
        cur.execute(
            "INSERT INTO bench_tickets_build VALUES (1, %s, %s, %s) ON CONFLICT (id)"
            " DO UPDATE SET requests = EXCLUDED.requests, version = EXCLUDED.version,"
            " t0 = EXCLUDED.t0",
            (requests, BUILD_VERSION, t0),
        )
        conn.commit()
    analyse(url)
    return t0


# --- the sweep ------------------------------------------------------------------------------

RESET = [
    "DELETE FROM tickets_ticketevent",
    "DELETE FROM notifications_notification",
    "UPDATE tickets_ticket SET"
    " warned_at = CASE WHEN warn_at <= %(t0)s THEN warn_at END,"
    " warn_pending_at = CASE WHEN warn_at > %(t0)s THEN warn_at END,"
    " breached_at = CASE WHEN due_at <= %(t0)s THEN due_at END,"
    " breach_pending_at = CASE WHEN due_at > %(t0)s THEN due_at END"
    " WHERE status IN ('new', 'accepted', 'in_progress', 'reopened') AND due_at IS NOT NULL"
    " AND (warn_pending_at IS DISTINCT FROM CASE WHEN warn_at > %(t0)s THEN warn_at END"
    " OR breach_pending_at IS DISTINCT FROM CASE WHEN due_at > %(t0)s THEN due_at END)",
    "UPDATE tickets_step SET"
    " warned_at = CASE WHEN warn_at <= %(t0)s THEN warn_at END,"
    " warn_pending_at = CASE WHEN warn_at > %(t0)s THEN warn_at END,"
    " breached_at = CASE WHEN due_at <= %(t0)s THEN due_at END,"
    " breach_pending_at = CASE WHEN due_at > %(t0)s THEN due_at END"
    " WHERE status IN ('open', 'in_progress') AND due_at IS NOT NULL"
    " AND (warn_pending_at IS DISTINCT FROM CASE WHEN warn_at > %(t0)s THEN warn_at END"
    " OR breach_pending_at IS DISTINCT FROM CASE WHEN due_at > %(t0)s THEN due_at END)",
]


def reset(url: str, t0: dt.datetime) -> None:
    """Back to the state at T0, so that every run of the bench sweeps the same work."""
    with psycopg.connect(url) as conn:
        for statement in RESET:
            conn.execute(statement, {"t0": t0})
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "VACUUM (ANALYZE) tickets_ticket, tickets_step, tickets_ticketevent,"
            " notifications_notification"
        )


def time_sweep(t0: dt.datetime, minutes: int) -> dict[str, Any]:
    from django.db import connection
    from django.urls import reverse

    from kamdesk.tickets.services.sweep import sla_sweep

    # A scheduled task runs in a warm worker: load the URL patterns (links in the
    # notifications) and open the connection before the clock starts.
    reverse("tickets:list")
    connection.ensure_connection()
    started = time.perf_counter()
    result = sla_sweep(now=t0 + dt.timedelta(minutes=minutes))
    seconds = time.perf_counter() - started
    return {"minutes_after_t0": minutes, "seconds": round(seconds, 3), "done": result.counts}


def sweeps(url: str, t0: dt.datetime) -> list[dict[str, Any]]:
    reset(url, t0)
    runs = [time_sweep(t0, 1), time_sweep(t0, 1), time_sweep(t0, 10)]
    for run in runs:
        flag = "" if run["seconds"] < SWEEP_TARGET_S else "  OVER"
        print(
            f"  sweep T0+{run['minutes_after_t0']:>2} min: {run['seconds']:6.3f} s"
            f"  {run['done']}{flag}",
            flush=True,
        )
    return runs


# --- the queue page under load --------------------------------------------------------------


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)] * 1000


def queue_load(args: argparse.Namespace) -> dict[str, Any]:
    import requests
    from server import running_server

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    go = threading.Event()

    def client(n: int, base: str, until: float) -> None:
        http = requests.Session()
        department, agent = n % len(DEPARTMENTS), (n // len(DEPARTMENTS)) % AGENTS_PER_DEPARTMENT
        http.get(f"{base}/login/", timeout=60)
        answer = http.post(
            f"{base}/login/",
            timeout=60,
            allow_redirects=False,
            data={
                "username": Builder.agent_name(department, agent),
                "password": PASSWORD,
                "csrfmiddlewaretoken": http.cookies.get("csrftoken", ""),
            },
        )
        if answer.status_code != 302:
            with lock:
                errors.append(f"sign-in answered {answer.status_code}")
            return
        rng = random.Random(n)
        http.get(f"{base}/requests/queue/", timeout=30)  # warm up the worker
        go.wait()  # every client signed in: measure from here
        time.sleep(rng.uniform(0, args.think))
        while time.monotonic() < until:
            started = time.perf_counter()
            page = http.get(f"{base}/requests/queue/?page={rng.randint(1, 3)}", timeout=30)
            seconds = time.perf_counter() - started
            with lock:
                latencies.append(seconds)
                if page.status_code != 200 or "queue-rows" not in page.text:
                    errors.append(f"HTTP {page.status_code}")
            time.sleep(args.think)

    with running_server(
        database_url=args.database_url, port=args.port, workers=args.workers
    ) as served:
        from cpu import CpuMeter

        meter = CpuMeter(args.database_url, served.pid)
        started_at = time.monotonic()
        until = started_at + 20 + args.seconds  # sign-in time is not measured
        threads = [
            threading.Thread(target=client, args=(n, served.url, until))
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(20)  # the clients sign in (Argon2: not measured)
        before = meter.snapshot()
        go.set()
        for thread in threads:
            thread.join()
        spent = meter.spent(before, meter.snapshot())
        meter.close()
    values = sorted(latencies)
    row = {
        "requests": len(values),
        "errors": len(errors),
        "p50_ms": round(_percentile(values, 0.5), 1),
        "p95_ms": round(_percentile(values, 0.95), 1),
        "p99_ms": round(_percentile(values, 0.99), 1),
        "max_ms": round(values[-1] * 1000, 1),
        # CPU per request of gunicorn's workers and of PostgreSQL's backends: the figure
        # that does not depend on what else runs on the machine.
        "cpu_ms_per_request": {
            side: round(1000 * sec / max(len(values), 1), 1) for side, sec in spent.items()
        },
        "load_average": os.getloadavg()[0],
    }
    flag = "" if row["p95_ms"] <= PAGE_TARGET_MS else "  OVER"
    print(f"  queue page: {row}{flag}", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_database(args.database_url)
    setup_django(database_url=args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with psycopg.connect(args.database_url) as conn:
        t0 = None if args.force else _built(conn, args.requests)
        counts = None
    if t0 is None:
        print(f"building {args.requests:,} requests ...", flush=True)
        t0 = build(args.database_url, requests=args.requests, seed=args.seed)
    with psycopg.connect(args.database_url) as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("tickets_ticket", "tickets_step")
        }
        active = conn.execute(
            "SELECT count(*) FROM tickets_step WHERE status IN ('open', 'in_progress')"
        ).fetchone()[0]
    print(f"data: {counts}, active steps {active:,}, T0 {t0:%Y-%m-%d %H:%M} UTC", flush=True)
    report: dict[str, Any] = {
        "counts": counts,
        "active_steps": active,
        "sweeps": sweeps(args.database_url, t0),
    }
    if not args.skip_web:
        report["queue_page"] = queue_load(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with open(args.json, "w") as out:
        json.dump(report, out, indent=2, default=str)
    slow = any(r["seconds"] >= SWEEP_TARGET_S for r in report["sweeps"][:2])
    slow = slow or report.get("queue_page", {}).get("p95_ms", 0) > PAGE_TARGET_MS
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
