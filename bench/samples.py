"""What each bench client asks for: its manager's customers, numbers and search terms.

Drawn once from the bench database before the run (never timed), so every request
names something that exists in the manager's scope.
"""

from __future__ import annotations

import random
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import psycopg
from benchenv import manager_username

from kamdesk.core.pinyin import pinyin_full

SAMPLE_SIZE = 60


@dataclass(frozen=True)
class Customer:
    id: int
    code: str
    kind: str
    name: str
    pinyin: str
    initials: str
    uscc: str
    region: str


@dataclass
class ManagerSample:
    username: str
    customers: list[Customer] = field(default_factory=list)
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (number, holder's name)
    largest_id: int = 0


def load_samples(database_url: str, managers: int, seed: int) -> list[ManagerSample]:
    with psycopg.connect(database_url) as conn:
        conn.execute("SELECT setseed(%s)", (seed % 1000 / 1000,))
        return [_sample(conn, manager_username(n)) for n in range(1, managers + 1)]


def _sample(conn: psycopg.Connection[Any], username: str) -> ManagerSample:
    row = conn.execute("SELECT id FROM users_user WHERE username = %s", (username,)).fetchone()
    if row is None:
        raise SystemExit(f"no user {username}: build the data first (bench/build_data.py)")
    user_id = row[0]
    sample = ManagerSample(username)
    sample.customers = [
        Customer(*r)
        for r in conn.execute(
            "SELECT id, code, kind, name, name_pinyin, name_initials, uscc, region"
            " FROM customers_customer WHERE manager_id = %s ORDER BY random() LIMIT %s",
            (user_id, SAMPLE_SIZE),
        )
    ]
    sample.numbers = [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT s.number, c.name FROM customers_subscriber s"
            " JOIN customers_customer c ON c.id = s.customer_id"
            " WHERE c.manager_id = %s AND s.valid_to IS NULL ORDER BY random() LIMIT %s",
            (user_id, SAMPLE_SIZE),
        )
    ]
    largest = conn.execute(
        "SELECT s.customer_id FROM customers_subscriber s"
        " JOIN customers_customer c ON c.id = s.customer_id WHERE c.manager_id = %s"
        " GROUP BY s.customer_id ORDER BY count(*) DESC LIMIT 1",
        (user_id,),
    ).fetchone()
    sample.largest_id = largest[0] if largest else sample.customers[0].id
    return sample


@dataclass(frozen=True)
class Request:
    path: str
    api: bool = False
    expect: str = ""  # text the answer must contain (the customer searched for)


def _list(params: dict[str, str], expect: str = "") -> Request:
    return Request("/customers/?" + urllib.parse.urlencode(params), expect=expect)


def _brand_end(c: Customer) -> int:
    """Where the brand ends in 苏州恒达科技有限公司: the city (without 市) and two characters."""
    city = c.region.removesuffix("市")
    return len(city) + 2 if c.name.startswith(city) else 2


def _groups(s: ManagerSample) -> list[Customer]:
    return [c for c in s.customers if c.kind == "group"] or s.customers


def req_list(s: ManagerSample, rng: random.Random) -> Request:
    return _list({})


def req_number(s: ManagerSample, rng: random.Random) -> Request:
    number, name = rng.choice(s.numbers)
    return _list({"q": number}, expect=name)


def req_uscc(s: ManagerSample, rng: random.Random) -> Request:
    c = rng.choice([c for c in s.customers if c.uscc])
    return _list({"q": c.uscc}, expect=c.name)


def req_name(s: ManagerSample, rng: random.Random) -> Request:
    """A fragment as people type it: the brand of a company (恒达), or a person's name."""
    c = rng.choice(s.customers)
    if c.kind == "group":
        end = _brand_end(c)
        return _list({"q": c.name[end - 2 : end]})
    return _list({"q": c.name})


def req_pinyin(s: ManagerSample, rng: random.Random) -> Request:
    """Full pinyin of the city and brand (suzhouhengda), or of a person's name."""
    c = rng.choice(s.customers)
    text = pinyin_full(c.name[: _brand_end(c)]) if c.kind == "group" else c.pinyin
    return _list({"q": text})


def req_initials(s: ManagerSample, rng: random.Random) -> Request:
    c = rng.choice(s.customers)
    return _list({"q": c.initials[:4]})


def req_filter(s: ManagerSample, rng: random.Random) -> Request:
    return _list({"kind": "group", "grade": "A"})


def req_page(s: ManagerSample, rng: random.Random) -> Request:
    return Request(f"/customers/{rng.choice(s.customers).id}/")


def req_page_largest(s: ManagerSample, rng: random.Random) -> Request:
    return Request(f"/customers/{s.largest_id}/")


def req_api(s: ManagerSample, rng: random.Random) -> Request:
    return Request(f"/api/v1/customers/{rng.choice(s.customers).id}", api=True)


# Scenario groups run one after the other; within a group each client takes the
# scenarios in turn (from a random start), so they get about the same number of samples.
SCENARIOS = {
    "list": req_list,
    "list_number": req_number,
    "list_uscc": req_uscc,
    "list_name": req_name,
    "list_pinyin": req_pinyin,
    "list_initials": req_initials,
    "list_filter": req_filter,
    "page_360": req_page,
    "page_360_largest": req_page_largest,
    "api_detail": req_api,
}
GROUPS = {
    "list": [
        "list",
        "list_number",
        "list_uscc",
        "list_name",
        "list_pinyin",
        "list_initials",
        "list_filter",
    ],
    "page": ["page_360", "page_360", "page_360", "page_360_largest"],
    "api": ["api_detail"],
}
