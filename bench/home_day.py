"""The manager's day under load: the home page and its panels for managers with 100
customers and a year of history, and the province scorecard.

    .venv/bin/python bench/home_day.py [--database-url postgres://.../kd_home_bench]

Builds its own PostgreSQL database (default ``kd_home_bench``) once: 20 managers in 4
teams, each with 100 customers and a year of history (contacts, interactions,
subscribers, bills, requests with surveys, visits, commitments, notifications). Then
serves the site with gunicorn and production settings (``server.py``), signs in 10
managers, and each client loops for ``--seconds``: the home page, then each panel
fragment the page loads with htmx, waiting 1 s between requests. Prints p50/p95/max per
request (ms). Last, the province scorecard for the year to date: computed in-process
(three runs) and fetched over HTTP by an account with the province permission.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchenv import ROOT_DIR, server_env, setup_django  # noqa: E402
from server import running_server  # noqa: E402

PASSWORD = "bench-pass-2026"  # noqa: S105 - generated data in a throw-away database
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kd_home_bench"
PANELS = (
    "visits",
    "retention",
    "requests",
    "commitments",
    "risk",
    "opportunities",
    "birthdays",
    "not_contacted",
    "notifications",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--managers", type=int, default=20)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8771)
    return parser.parse_args()


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**server_env(database_url=url)}
    import os

    subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "kam"), "migrate", "--no-input", "-v0"],
        cwd=ROOT_DIR,
        env={**os.environ, **env},
        check=True,
    )


def build(managers: int, customers: int) -> None:
    from bench_home_data import build_year  # the generator lives next to this script

    build_year(managers=managers, customers=customers, password=PASSWORD)


class Client:
    def __init__(self, base: str, username: str) -> None:
        self.base, self.username = base, username
        self.http = requests.Session()
        self.times: dict[str, list[float]] = {}
        self.errors = 0

    def sign_in(self) -> None:
        login = f"{self.base}/login/"
        self.http.get(login, timeout=30)
        form = {
            "username": self.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", ""),
        }
        answer = self.http.post(login, data=form, timeout=30, allow_redirects=False)
        if answer.status_code != 302:
            raise SystemExit(f"{self.username}: sign-in answered {answer.status_code}")

    def get(self, name: str, path: str) -> None:
        started = time.perf_counter()
        answer = self.http.get(self.base + path, timeout=30, allow_redirects=False)
        _ = answer.text
        self.times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        self.errors += answer.status_code != 200

    def run(self, until: float) -> None:
        paths = [("home", "/")] + [(f"panel:{p}", f"/home/panels/{p}/") for p in PANELS]
        time.sleep(random.uniform(0, 1))
        turn = 0
        while time.monotonic() < until:
            name, path = paths[turn % len(paths)]
            self.get(name, path)
            turn += 1
            time.sleep(1.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))]


def load(base: str, args: argparse.Namespace) -> None:
    clients = [Client(base, f"home-mgr-{n:02d}") for n in range(1, args.clients + 1)]
    for c in clients:
        c.sign_in()
        for p in ("/",) + tuple(f"/home/panels/{x}/" for x in PANELS):
            c.http.get(base + p, timeout=30)  # warm-up, not counted
    until = time.monotonic() + args.seconds
    threads = [threading.Thread(target=c.run, args=(until,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    merged: dict[str, list[float]] = {}
    for c in clients:
        for name, values in c.times.items():
            merged.setdefault(name, []).extend(values)
    every = [v for values in merged.values() for v in values]
    print(f"{'request':28} {'n':>5} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, values in [*sorted(merged.items()), ("ALL", every)]:
        print(
            f"{name:28} {len(values):5d} {statistics.median(values):7.1f} "
            f"{percentile(values, 0.95):7.1f} {max(values):7.1f}"
        )
    print(f"errors: {sum(c.errors for c in clients)}")


def province(base: str) -> None:
    from django.utils import timezone

    from kamdesk.scorecards.kpis import Scope
    from kamdesk.scorecards.period import Period
    from kamdesk.scorecards.selectors import scorecard_of

    today = timezone.localdate()
    period = Period(dt.date(today.year, 1, 1), today)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        scorecard_of(scope=Scope("province", None, "province", None), period=period)
        runs.append(time.perf_counter() - started)
    print(
        f"province scorecard in-process (YTD, with previous period and YTD): "
        f"{', '.join(f'{r:.2f}' for r in runs)} s"
    )
    http = Client(base, "home-province")
    http.sign_in()
    for _ in range(3):
        http.get("province", "/scorecards/province/")
    print(
        f"province scorecard page over HTTP: "
        f"{', '.join(f'{v / 1000:.2f}' for v in http.times['province'])} s, errors {http.errors}"
    )


def main() -> int:
    args = parse_args()
    ensure_database(args.database_url)
    setup_django(database_url=args.database_url)
    build(args.managers, args.customers)
    with running_server(database_url=args.database_url, port=args.port, workers=args.workers) as s:
        load(s.url, args)
        province(s.url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
