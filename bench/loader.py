"""Load the generated bench data with COPY, in one transaction.

The column lists come from the Django models, so a field added later with a default
is filled with that default. Foreign keys are not checked during the load
(``session_replication_role = replica``: the rows are consistent by construction and
a million deferred checks would double the time), and the secondary indexes of the
big tables are dropped before and re-created after the load, which is several times
faster than maintaining them row by row. All of it is one transaction, so a failed
build leaves the previous state.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import datagen
import psycopg
import staff
from copyload import Row, copy_rows, create_indexes, secondary_indexes, timed
from django.db import models

from kamdesk.core.crypto import encrypt_text, lookup_hash
from kamdesk.core.masking import mask_id
from kamdesk.customers.models import (
    Account,
    Contact,
    Contract,
    Customer,
    Grade,
    Interaction,
    Product,
    Subscriber,
    TariffPlan,
)
from kamdesk.users.models import Absence, Team, User

HISTORIC_SHARE = 0.03  # rows of numbers that were recycled: an old holder, now ended


@dataclass(slots=True)
class Plan:
    """What is decided about one customer before its rows are written."""

    id: int
    kind: str
    name: datagen.Name
    manager_id: int
    backup_id: int
    lines: int
    first_account: int
    accounts: int
    first_contact: int
    contacts: int


class Loader:
    def __init__(self, *, customers: int, subscribers: int, seed: int) -> None:
        self.customers = customers
        self.subscribers = subscribers
        self.seed = seed
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.today = self.now.date()
        self.grades = dict(Grade.objects.values_list("code", "id"))
        self.plans: list[Plan] = []
        self.group_names: list[datagen.Name] = []
        self.person_names: list[datagen.Name] = []

    def rng(self, salt: int) -> random.Random:
        """One generator per table, so each table's rows depend only on the seed."""
        return random.Random(self.seed * 1000 + salt)

    # --- planning -------------------------------------------------------------------

    def plan(self) -> None:
        rng = self.rng(1)
        self.group_names = datagen.group_name_pool(rng, max(self.customers // 4, 50))
        self.person_names = datagen.person_name_pool(rng, max(self.customers // 8, 50))
        kinds = ["group" if rng.random() < 0.6 else "individual" for _ in range(self.customers)]
        groups = kinds.count("group")
        counts = datagen.lines_per_customer(
            rng, groups=groups, individuals=len(kinds) - groups, total=self.subscribers
        )
        group_lines, person_lines = iter(counts[:groups]), iter(counts[groups:])
        next_account, next_contact = 1, 1
        for index, kind in enumerate(kinds):
            number = index % staff.MANAGERS + 1
            is_group = kind == "group"
            lines = next(group_lines) if is_group else next(person_lines)
            accounts = 1 + (lines > 20) + (lines > 200) if is_group else 1
            contacts = rng.choice((1, 2, 2, 3)) if is_group else 0
            pool = self.group_names if is_group else self.person_names
            self.plans.append(
                Plan(
                    index + 1,
                    kind,
                    rng.choice(pool),
                    staff.manager_id(number),
                    staff.backup_of(number),
                    lines,
                    next_account,
                    accounts,
                    next_contact,
                    contacts,
                )
            )
            next_account += accounts
            next_contact += contacts

    # --- customers ------------------------------------------------------------------

    def customer_rows(self) -> Iterator[Row]:
        rng = self.rng(3)
        group_grades = ["A"] * 10 + ["B"] * 25 + ["C"] * 35 + ["D"] * 30
        person_grades = ["diamond"] * 15 + ["gold"] * 35 + ["silver"] * 50
        statuses = ["active"] * 85 + ["at_risk"] * 8 + ["prospect"] * 4 + ["churned"] * 3
        groups_of: dict[int, list[int]] = {}
        start = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
        for p in self.plans:
            is_group = p.kind == "group"
            revenue = p.lines * rng.uniform(40, 160) + (rng.uniform(0, 20000) if is_group else 0)
            created = datagen.random_moment(rng, start, self.now - dt.timedelta(days=30))
            row: Row = {
                "id": p.id,
                "code": f"C{p.id:08d}",
                "kind": p.kind,
                "name": p.name.text,
                "name_pinyin": p.name.pinyin,
                "name_initials": p.name.initials,
                "grade_id": self.grades[rng.choice(group_grades if is_group else person_grades)],
                "industry": p.name.industry,
                "region": p.name.city,
                "district": rng.choice(datagen.DISTRICTS),
                "address": f"{p.name.city}{rng.choice(datagen.DISTRICTS)}"
                f"{rng.choice(datagen.BRAND_CHARS)}山路{rng.randrange(1, 999)}号",
                "status": rng.choice(statuses),
                "credit_tier": rng.choice("ABBCC"),
                "manager_id": p.manager_id,
                "backup_manager_id": p.backup_id,
                "monthly_revenue": f"{revenue:.2f}",
                "arpu": f"{revenue / p.lines:.2f}",
                "months_on_network": (self.now - created).days // 30,
                "created_at": created,
                "updated_at": created,
            }
            if is_group:
                row["uscc"] = datagen.make_uscc(rng, p.name.region_code, p.id)
                siblings = groups_of.setdefault(p.manager_id, [])
                if siblings and rng.random() < 0.08:
                    row["parent_id"] = rng.choice(siblings)
                siblings.append(p.id)
            else:
                row.update(identity_columns(datagen.make_resident_id(rng, p.name.region_code)))
            yield row

    def account_rows(self) -> Iterator[Row]:
        rng = self.rng(4)
        for p in self.plans:
            for k in range(p.accounts):
                relation = (
                    "member"
                    if p.kind == "individual"
                    else rng.choice(("group", "group", "partial"))
                )
                yield {
                    "id": p.first_account + k,
                    "code": f"A{p.first_account + k:09d}",
                    "customer_id": p.id,
                    "name": f"{p.name.text}账户{k + 1}",
                    "payment_relation": relation,
                    "group_pay_limit": "200.00" if relation == "partial" else None,
                    "billing_type": "postpaid",
                    "bill_contact_id": p.first_contact if p.contacts else None,
                    "created_at": self.now,
                    "updated_at": self.now,
                }

    def subscriber_rows(self) -> Iterator[Row]:
        rng = self.rng(5)
        numbers = datagen.unique_numbers(rng, self.subscribers)
        users = [n.text for n in self.person_names]
        first_day, last_day = dt.date(2015, 1, 1), self.today - dt.timedelta(days=30)
        row_id = 0
        for p in self.plans:
            for k in range(p.lines):
                row_id += 1
                number, valid_from, valid_to, status = numbers[row_id - 1], None, None, "active"
                if rng.random() < HISTORIC_SHARE:
                    # A recycled number: this holder had it before its current holder.
                    number = numbers[rng.randrange(self.subscribers)]
                    valid_from = datagen.random_day(rng, dt.date(2008, 1, 1), dt.date(2012, 1, 1))
                    valid_to, status = (
                        datagen.random_day(rng, dt.date(2013, 1, 1), dt.date(2015, 1, 1)),
                        "cancelled",
                    )
                else:
                    valid_from = datagen.random_day(rng, first_day, last_day)
                    status = "suspended" if rng.random() < 0.05 else "active"
                stamp = dt.datetime.combine(valid_from, dt.time(2), tzinfo=dt.UTC)
                yield {
                    "id": row_id,
                    "subscriber_id": f"S{row_id:010d}",
                    "number": number,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                    "status": status,
                    "activated_on": valid_from,
                    "customer_id": p.id,
                    "account_id": p.first_account + k % p.accounts,
                    "plan_id": rng.randrange(1, staff.PLANS + 1),
                    "holder_name": p.name.text[:100],
                    "user_name": rng.choice(users),
                    "created_at": stamp,
                    "updated_at": stamp,
                }

    def contact_rows(self) -> Iterator[Row]:
        rng = self.rng(6)
        titles = ["总经理", "信息中心主任", "行政部经理", "财务总监", "采购经理", "IT主管"]
        roles = ["decision_maker", "influencer", "finance", "technical", "user", "gatekeeper"]
        channels = ["call", "wechat", "email", "visit", "sms"]
        for p in self.plans:
            for k in range(p.contacts):
                yield {
                    "id": p.first_contact + k,
                    "customer_id": p.id,
                    "name": datagen.person_name(rng),
                    "title": rng.choice(titles),
                    "decision_role": rng.choice(roles),
                    "phone": f"139{rng.randrange(10**8):08d}",
                    "email": f"contact{p.first_contact + k}@example.com",
                    "preferred_channel": rng.choice(channels),
                    "is_active": True,
                    "created_at": self.now,
                    "updated_at": self.now,
                }

    def interaction_rows(self) -> Iterator[Row]:
        rng = self.rng(7)
        summaries = [
            "电话沟通专线扩容需求",
            "上门拜访，介绍5G专网方案",
            "微信回复账单疑问",
            "续约意向沟通",
            "投诉处理回访",
            "节日问候",
        ]
        channels = ["call", "visit", "wechat", "email", "sms"]
        since = self.now - dt.timedelta(days=365)
        row_id = 0
        for p in self.plans:
            for _ in range(2):
                row_id += 1
                moment = datagen.random_moment(rng, since, self.now)
                yield {
                    "id": row_id,
                    "customer_id": p.id,
                    "staff_id": p.manager_id,
                    "contact_id": p.first_contact if p.contacts else None,
                    "channel": rng.choice(channels),
                    "inbound": rng.random() < 0.3,
                    "occurred_at": moment,
                    "summary": rng.choice(summaries),
                    "created_at": moment,
                    "updated_at": moment,
                }

    def product_and_contract_rows(self) -> tuple[list[Row], list[Row], list[Row]]:
        rng = self.rng(8)
        products: list[Row] = []
        contracts: list[Row] = []
        links: list[Row] = []
        for p in self.plans:
            if p.kind != "group":
                continue
            kinds = (["vpmn"] if p.lines >= 20 else []) + (
                ["dedicated_line"] if rng.random() < 0.25 else []
            )
            if not kinds:
                continue
            contract_id = len(contracts) + 1
            starts = datagen.random_day(rng, dt.date(2022, 1, 1), self.today)
            contracts.append(
                {
                    "id": contract_id,
                    "code": f"HT{contract_id:08d}",
                    "customer_id": p.id,
                    "title": f"{p.name.text}综合业务协议",
                    "starts_on": starts,
                    "term_months": 36,
                    "expires_on": starts + dt.timedelta(days=36 * 30),
                    "minimum_monthly": f"{rng.randrange(5, 200) * 100}.00",
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
            for kind in kinds:
                products.append(
                    {
                        "id": len(products) + 1,
                        "product_id": f"GP{len(products) + 1:08d}",
                        "customer_id": p.id,
                        "account_id": p.first_account,
                        "kind": kind,
                        "name": "集团V网" if kind == "vpmn" else "互联网专线100M",
                        "monthly_fee": f"{rng.randrange(2, 80) * 100}.00",
                        "started_on": starts,
                        "created_at": self.now,
                        "updated_at": self.now,
                    }
                )
                links.append(
                    {"id": len(links) + 1, "contract_id": contract_id, "product_id": len(products)}
                )
        return products, contracts, links


def identity_columns(number: str) -> Row:
    """An individual's identity number as the model stores it: encrypted, hashed, masked."""
    return {
        "id_type": "resident_id",
        "id_number": encrypt_text(number),
        "id_number_hash": lookup_hash(number),
        "id_number_masked": mask_id(number),
    }


def load_everything(
    conn: psycopg.Connection[Any], *, customers: int, subscribers: int, seed: int
) -> None:
    loader = Loader(customers=customers, subscribers=subscribers, seed=seed)
    timed("plan (names, pinyin)", loader.plan)
    products, contracts, links = loader.product_and_contract_rows()
    big = [Customer, Account, Subscriber, Contact, Interaction, Product]
    tables: list[tuple[type[models.Model], Callable[[], Iterable[Row]]]] = [
        (Team, lambda: staff.team_rows(loader.now)),
        (User, lambda: staff.staff_rows(loader.now)),
        (Absence, lambda: staff.absence_rows(loader.now)),
        (TariffPlan, lambda: staff.tariff_rows(loader.now, loader.rng(2))),
        (Customer, loader.customer_rows),
        (Account, loader.account_rows),
        (Contact, loader.contact_rows),
        (Subscriber, loader.subscriber_rows),
        (Interaction, loader.interaction_rows),
        (Product, lambda: products),
        (Contract, lambda: contracts),
        (Contract.products.through, lambda: links),
    ]
    with conn.cursor() as cur:
        names = ", ".join(model._meta.db_table for model, _ in tables)
        cur.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
        dropped = [ix for model in big for ix in secondary_indexes(cur, model._meta.db_table)]
        for name, _ in dropped:
            cur.execute(f"DROP INDEX {name}")
        for model, rows in tables:
            timed(
                f"copy {model._meta.db_table}",
                lambda m=model, r=rows: copy_rows(cur, m, r(), loader.now),
            )
        timed(f"re-create {len(dropped)} indexes", lambda: create_indexes(cur, dropped))
        for model, _ in tables:
            table = model._meta.db_table
            # Table names come from the models, not from input.
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                f" GREATEST((SELECT max(id) FROM {table}), 1))"
            )
    conn.commit()
