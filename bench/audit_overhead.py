"""Benchmark: what auditing costs a request (issue 3: p95 differs by at most 5 ms).

The customer 360 page and the API detail of a customer each append an audit event
(``customer.viewed``) to the hash chain. This script serves both in-process through
Django's test client, with auditing on and off *interleaved in one run* (each round
runs the two modes in random order, so load from other work on the machine falls on
both alike), and prints the p50 and p95 of each mode and their difference.

"Off" replaces the ``audit_record`` that the customers service calls with a no-op;
everything else (scope, matrix, rendering, session) is the same.

    .venv/bin/python bench/audit_overhead.py                   # SQLite under bench/var
    .venv/bin/python bench/audit_overhead.py --rounds 300 \
        --database postgres://postgres@127.0.0.1:5432/kd_security_bench

The database is built on first use (migrations and 200 customers) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.benchenv import FIELD_KEYS, SECRET_KEY, VAR_DIR  # noqa: E402

CUSTOMERS = 200


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--database", default=f"sqlite:///{VAR_DIR / 'audit-overhead.sqlite3'}")
    return parser.parse_args()


def setup(database: str) -> None:
    if database.startswith("postgres"):
        import psycopg

        base, name = database.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        {
            "KAM_ENV": "test",  # a fast password hasher; otherwise production-like
            "DATABASE_URL": database,
            "SECRET_KEY": SECRET_KEY,
            "KAM_FIELD_KEYS": FIELD_KEYS,
            "AUDIT_HEAD_FILE": str(VAR_DIR / f"audit-head-overhead-{database.split(':')[0]}.json"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> tuple[object, list[int]]:
    from kamdesk.customers.models import Customer
    from kamdesk.users.models import Role
    from tests.factories import ContactFactory, CustomerFactory, SubscriberFactory, UserFactory

    manager = UserFactory(username="bench-audit-mgr", role=Role.MANAGER)
    ids = list(Customer.objects.filter(manager=manager).values_list("pk", flat=True))
    for _ in range(CUSTOMERS - len(ids)):
        customer = CustomerFactory(manager=manager)
        SubscriberFactory(customer=customer)
        ContactFactory(customer=customer)
        ids.append(customer.pk)
    return manager, ids


def clients(manager: object) -> tuple[object, object]:
    from django.test import Client

    from kamdesk.security.signin import MFA_SESSION_KEY
    from tests.factories import api_token_for

    page = Client()
    page.force_login(manager)
    session = page.session
    session[MFA_SESSION_KEY] = manager.pk  # type: ignore[attr-defined]
    session.save()
    api = Client(headers={"Authorization": f"Bearer {api_token_for(manager)}"})
    return page, api


def measure(rounds: int, page: object, api: object, ids: list[int]) -> dict[str, list[float]]:
    import kamdesk.customers.services as customer_services

    real = customer_services.audit_record
    times: dict[str, list[float]] = {k: [] for k in ("page_on", "page_off", "api_on", "api_off")}
    rng = random.Random(20261129)
    for _ in range(rounds):
        modes = ["on", "off"]
        rng.shuffle(modes)
        customer_id = rng.choice(ids)
        for mode in modes:
            customer_services.audit_record = real if mode == "on" else (lambda **_: None)
            for name, client, url in (
                ("page", page, f"/customers/{customer_id}/"),
                ("api", api, f"/api/v1/customers/{customer_id}"),
            ):
                start = time.perf_counter()
                response = client.get(url)  # type: ignore[attr-defined]
                times[f"{name}_{mode}"].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
    customer_services.audit_record = real
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    args = parse()
    setup(args.database)
    manager, ids = build()
    page, api = clients(manager)
    measure(10, page, api, ids)  # warm caches and connections
    times = measure(args.rounds, page, api, ids)
    out: dict[str, float] = {}
    for name in ("page", "api"):
        on, off = times[f"{name}_on"], times[f"{name}_off"]
        out |= {
            f"{name}_p50_on": round(statistics.median(on), 2),
            f"{name}_p50_off": round(statistics.median(off), 2),
            f"{name}_p95_on": round(p95(on), 2),
            f"{name}_p95_off": round(p95(off), 2),
            f"{name}_p95_delta": round(p95(on) - p95(off), 2),
        }
        print(
            f"{name}: p50 on {out[f'{name}_p50_on']} ms, off {out[f'{name}_p50_off']} ms; "
            f"p95 on {out[f'{name}_p95_on']} ms, off {out[f'{name}_p95_off']} ms; "
            f"p95 difference {out[f'{name}_p95_delta']} ms ({len(on)} requests each)"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
