"""Latency of the customer list, the customer 360 page and the API detail under load.

    .venv/bin/python bench/run_web.py --database-url postgres://postgres@127.0.0.1:5432/kamdesk_bench

Starts gunicorn with production settings (see server.py) unless ``--base-url`` names
a server already running on this machine, signs 20 clients in as 20 managers, and
for each scenario group lets every client loop for ``--seconds``: one request, wait
for the answer, think ``--think`` seconds, again. Prints p50/p95/p99/max per scenario,
writes them to bench/results/web-latest.json, and exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import psycopg
from benchenv import (
    DEFAULT_DATABASE_URL,
    MANAGERS_PER_TEAM,
    PASSWORD,
    RESULTS_DIR,
    ROOT_DIR,
    TEAMS,
)
from cpu import CpuMeter
from samples import GROUPS, SCENARIOS, ManagerSample, Request, load_samples
from server import Served, running_server

try:
    import requests
except ImportError:  # pragma: no cover - requests comes with the dev dependencies
    raise SystemExit("run_web.py needs requests: make bootstrap installs it") from None

TARGET_P95_MS = 150.0
TIMEOUT = 15.0
SIGN_IN_TIMEOUT = 60.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--base-url", help="bench a server already running (127.0.0.1 only)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--gunicorn-config", help="a gunicorn config file (what-if experiments)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="per scenario group")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--groups", default=",".join(GROUPS), help="scenario groups to run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", default=str(RESULTS_DIR / "web-latest.json"))
    args = parser.parse_args(argv)
    if args.base_url and not re.match(
        r"^http://(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$", args.base_url
    ):
        parser.error("--base-url must be a server on this machine (http://127.0.0.1:PORT)")
    unknown = set(args.groups.split(",")) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups {sorted(unknown)}; known: {', '.join(GROUPS)}")
    if not 1 <= args.clients <= 100 or not 1 <= args.seconds <= 3600:
        parser.error("1-100 clients, 1-3600 seconds")
    return args


@dataclass
class Results:
    """Latencies (seconds) and failures per scenario, shared by the client threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return sum(len(values) for values in self.latencies.values())

    def add(self, scenario: str, seconds: float, problem: str, missed: bool) -> None:
        with self.lock:
            self.latencies[scenario].append(seconds)
            if problem:
                self.errors[scenario] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{scenario}: {problem}")
            if missed:
                self.misses[scenario] += 1


class Client:
    """One manager in a browser (session cookie) and with an API token."""

    def __init__(self, base_url: str, sample: ManagerSample, seed: int) -> None:
        self.base_url = base_url
        self.sample = sample
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.token = ""
        self.signed_in = False
        self.problem = ""

    def sign_in(self) -> None:
        """Sign in through the login form, then get a bearer token; three tries each.

        Not timed: each costs an Argon2 hash, slow on purpose.
        """
        for step in (self._sign_in, self._get_token):
            for _ in range(3):
                try:
                    step()
                    break
                except requests.RequestException as exc:
                    self.problem = f"{self.sample.username}: {step.__name__}: {exc}"
                    time.sleep(2)

    def _sign_in(self) -> None:
        login = f"{self.base_url}/login/"
        self.http.get(login, timeout=SIGN_IN_TIMEOUT).raise_for_status()
        form = {
            "username": self.sample.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", ""),
        }
        answer = self.http.post(login, data=form, timeout=SIGN_IN_TIMEOUT, allow_redirects=False)
        if answer.status_code != 302:
            raise requests.HTTPError(f"the login form answered {answer.status_code}")
        self.signed_in = True

    def _get_token(self) -> None:
        answer = requests.post(
            f"{self.base_url}/api/v1/auth/token",
            timeout=SIGN_IN_TIMEOUT,
            json={"username": self.sample.username, "password": PASSWORD},
        )
        if answer.status_code != 200:
            raise requests.HTTPError(f"the token endpoint answered {answer.status_code}")
        self.token = answer.json()["token"]

    def fetch(self, request: Request) -> tuple[float, str, bool]:
        """(seconds, problem or "", whether the expected customer was missing)."""
        headers = {"Authorization": f"Bearer {self.token}"} if request.api else {}
        started = time.perf_counter()
        try:
            answer = self.http.get(
                self.base_url + request.path,
                headers=headers,
                timeout=TIMEOUT,
                allow_redirects=False,
            )
            body = answer.text
        except requests.RequestException as exc:
            return time.perf_counter() - started, f"{request.path}: {exc}", False
        seconds = time.perf_counter() - started
        if answer.status_code != 200:
            return seconds, f"{request.path}: HTTP {answer.status_code}", False
        return seconds, "", bool(request.expect) and request.expect not in body

    def run(self, scenarios: list[str], until: float, think: float, results: Results) -> None:
        turn = self.rng.randrange(len(scenarios))
        time.sleep(self.rng.uniform(0, think))  # spread the clients over the first second
        while time.monotonic() < until:
            scenario = scenarios[turn % len(scenarios)]
            turn += 1
            seconds, problem, missed = self.fetch(SCENARIOS[scenario](self.sample, self.rng))
            results.add(scenario, seconds, problem, missed)
            time.sleep(think)

    def warm_up(self, scenarios: list[str]) -> None:
        """One request of each scenario first: the workers import, compile and cache."""
        for scenario in dict.fromkeys(scenarios):
            self.fetch(SCENARIOS[scenario](self.sample, self.rng))


def in_parallel(clients: list[Client], work: str, *args: Any) -> None:
    threads = [threading.Thread(target=getattr(c, work), args=args) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_groups(
    served: Served, samples: list[ManagerSample], args: argparse.Namespace, results: Results
) -> dict[str, dict[str, float]]:
    """Run the scenario groups in turn; return the CPU milliseconds a request cost in each."""
    clients = [
        Client(served.url, samples[i % len(samples)], args.seed * 100 + i)
        for i in range(args.clients)
    ]
    in_parallel(clients, "sign_in")
    failed = [c.problem for c in clients if not c.signed_in]
    if failed:
        raise SystemExit("\n".join(failed))
    for client in clients:
        if not client.token:
            print(f"warning: no API token, api_detail will fail ({client.problem})")
    meter = CpuMeter(args.database_url, served.pid)
    costs = {}
    for group in args.groups.split(","):
        scenarios = GROUPS[group]
        in_parallel(clients, "warm_up", scenarios)
        print(f"{group}: {len(clients)} clients for {args.seconds:.0f} s ...", flush=True)
        done, before, own = results.count(), meter.snapshot(), time.process_time()
        in_parallel(clients, "run", scenarios, time.monotonic() + args.seconds, args.think, results)
        spent = meter.spent(before, meter.snapshot()) | {"client": time.process_time() - own}
        requests_made = max(results.count() - done, 1)
        costs[group] = {side: round(1000 * s / requests_made, 1) for side, s in spent.items()}
    meter.close()
    return costs


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values, in milliseconds."""
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)] * 1000


def summarise(results: Results) -> list[dict[str, Any]]:
    rows = []
    for scenario in SCENARIOS:
        values = sorted(results.latencies.get(scenario, []))
        if not values:
            continue
        rows.append(
            {
                "scenario": scenario,
                "requests": len(values),
                "p50_ms": round(percentile(values, 0.50), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "p99_ms": round(percentile(values, 0.99), 1),
                "max_ms": round(values[-1] * 1000, 1),
                "errors": results.errors.get(scenario, 0),
                "misses": results.misses.get(scenario, 0),
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    print(
        f"\n{'scenario':<18}{'requests':>9}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}"
        f"{'errors':>8}{'misses':>8}   (ms; p95 target {TARGET_P95_MS:.0f})"
    )
    for r in rows:
        flag = "  OVER" if r["p95_ms"] > TARGET_P95_MS else ""
        print(
            f"{r['scenario']:<18}{r['requests']:>9}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['max_ms']:>9.1f}{r['errors']:>8}{r['misses']:>8}{flag}"
        )


def print_costs(costs: dict[str, dict[str, float]]) -> None:
    """CPU per request: what the load would cost on an otherwise idle machine."""
    print(f"\n{'group':<8}{'web':>8}{'db':>8}{'client':>8}   (CPU ms per request)")
    for group, cost in costs.items():
        print(f"{group:<8}{cost['web']:>8.1f}{cost['db']:>8.1f}{cost['client']:>8.1f}")


def describe_run(args: argparse.Namespace, rows: list[dict[str, Any]]) -> dict[str, Any]:
    with psycopg.connect(args.database_url) as conn:
        built = conn.execute(
            "SELECT customers, subscribers, built_at FROM bench_build WHERE id = 1"
        ).fetchone()
    commit = _git("rev-parse", "--short", "HEAD")
    if _git("status", "--porcelain", "--", ".", ":!bench/results"):
        commit += "+uncommitted"
    return {
        "benchmark": "web",
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": _memory_gib(),
            "python": platform.python_version(),
            "postgresql": _pg_version(args),
        },
        "data": {"customers": built[0], "subscribers": built[1], "built_at": built[2].isoformat()}
        if built
        else None,
        "load": {
            "clients": args.clients,
            "seconds_per_group": args.seconds,
            "think_seconds": args.think,
            "gunicorn_workers": args.workers,
            "groups": args.groups.split(","),
        },
        "target_p95_ms": TARGET_P95_MS,
        "scenarios": rows,
    }


def _git(*args: str) -> str:
    result = subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607 - git from PATH is fine here
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def _memory_gib() -> float:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        return 0.0


def _pg_version(args: argparse.Namespace) -> str:
    with psycopg.connect(args.database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else ""


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        print(
            f"warning: load average {load_before:.1f} before the run: other work on this "
            "machine will inflate the figures"
        )
    managers = min(args.clients, TEAMS * MANAGERS_PER_TEAM)  # more clients share managers
    samples = load_samples(args.database_url, managers, args.seed)
    results = Results()
    serving = (
        nullcontext(Served(args.base_url.rstrip("/"), None))
        if args.base_url
        else running_server(
            database_url=args.database_url,
            port=args.port,
            workers=args.workers,
            config=args.gunicorn_config,
        )
    )
    with serving as served:
        busy0, total0 = cpu_ticks()
        costs = run_groups(served, samples, args, results)
        busy1, total1 = cpu_ticks()
    cpu = 100 * (busy1 - busy0) / max(total1 - total0, 1)
    rows = summarise(results)
    print_table(rows)
    for example in results.examples:
        print(f"  error: {example}")
    print_costs(costs)
    print(f"machine CPU busy during the run: {cpu:.0f}% (load average before: {load_before:.1f})")
    summary = describe_run(args, rows)
    summary["machine"].update(cpu_busy_percent=round(cpu), load_average_before=load_before)
    summary["cpu_ms_per_request"] = costs
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(summary, out, ensure_ascii=False, indent=2)
    print(f"\nwrote {args.json}")
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
