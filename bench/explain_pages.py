"""Where a bench request spends its time: the queries each scenario runs, and their plans.

    .venv/bin/python bench/explain_pages.py --database-url postgres://... [--manager 1]
        [--scenario list_name] [--plans]

Runs each scenario's request in this process (Django's test client, signed in as a
bench manager, production settings), records every SQL query it makes, then times
each query again with EXPLAIN ANALYZE. Prints per scenario the wall time of the
request, the number of queries, and the slowest queries with their time; with
``--plans`` also the plans of the slowest. One process, no concurrency: this
explains a figure of run_web.py, it does not replace it.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from benchenv import DEFAULT_DATABASE_URL, manager_username, setup_django
from samples import SCENARIOS, load_samples


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--manager", type=int, default=1, help="bench manager number (1-20)")
    parser.add_argument("--scenario", action="append", help="default: all of them")
    parser.add_argument("--repeat", type=int, default=3, help="requests per scenario (best kept)")
    parser.add_argument("--top", type=int, default=5, help="slowest queries shown")
    parser.add_argument("--plans", action="store_true", help="print the slowest plans")
    parser.add_argument("--profile", action="store_true", help="cProfile one request each")
    return parser.parse_args()


def captured(client: Any, path: str, headers: dict[str, str]) -> tuple[float, int, list[dict]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        seconds = time.perf_counter() - started
    return seconds, answer.status_code, list(ctx.captured_queries)


def explain(sql: str) -> tuple[float, str]:
    """Execution time (ms) and plan of one captured query (its parameters are inlined)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    total = next((ln for ln in lines if ln.startswith("Execution Time")), "0 ms")
    return float(total.split(":")[1].split("ms")[0]), "\n".join(lines)


def report(
    name: str,
    path: str,
    best: tuple[float, int, list[dict]],
    args: argparse.Namespace,
) -> None:
    seconds, status, queries = best
    timed = []
    for query in queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            ms, plan = explain(sql)
        else:
            ms, plan = float(query["time"]) * 1000, "(not a SELECT: not explained)"
        timed.append((ms, sql, plan))
    total_sql = sum(ms for ms, _, _ in timed)
    print(
        f"\n== {name}  {path}\n   HTTP {status}, {seconds * 1000:.1f} ms in the view, "
        f"{len(queries)} queries, {total_sql:.1f} ms of SQL (EXPLAIN ANALYZE)"
    )
    for ms, sql, plan in sorted(timed, reverse=True)[: args.top]:
        print(f"   {ms:8.2f} ms  {sql[:220]}")
        if args.plans:
            print("\n".join("             " + line for line in plan.splitlines()))


def profile(client: Any, path: str, headers: dict[str, str]) -> None:
    """Where the Python time of one request goes (cumulative, top 25)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(client.get, path, headers=headers)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def bench_token(user: Any) -> str:
    """A bearer token written directly: signing in is not what this measures."""
    import datetime as dt
    import secrets

    from django.utils import timezone

    from kamdesk.core.crypto import token_hash
    from kamdesk.users.models import ApiToken

    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        token_hash=token_hash(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return raw


def main() -> None:
    args = parse_args()
    setup_django(database_url=args.database_url)
    from django.test import Client

    from kamdesk.users.models import User

    sample = load_samples(args.database_url, args.manager, seed=7)[args.manager - 1]
    user = User.objects.get(username=manager_username(args.manager))
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    api_client = Client(raise_request_exception=False)  # bearer only: no session to save
    token = bench_token(user)
    rng = random.Random(3)
    for name in args.scenario or list(SCENARIOS):
        request = SCENARIOS[name](sample, rng)
        headers = {"Authorization": f"Bearer {token}"} if request.api else {}
        client = api_client if request.api else browser
        captured(client, request.path, headers)  # warm: imports, templates, caches
        runs = [captured(client, request.path, headers) for _ in range(args.repeat)]
        report(name, request.path, min(runs, key=lambda run: run[0]), args)
        if args.profile:
            profile(client, request.path, headers)


if __name__ == "__main__":
    main()
