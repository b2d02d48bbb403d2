"""Statements fixtures: a warehouse and private storage per test, a group with a
group-paid account (authorised contact) and a member-paid account, CDRs of October 2026
ingested through the usage app, and totals computed from the input rows alone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from tests.factories import AccountFactory, ContactFactory, CustomerFactory, SubscriberFactory
from tests.usage.data import cdr_rows, write_csv

MONTH = dt.date(2026, 10, 1)
SIGNED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    """A fresh warehouse and private file storage for every test."""
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    settings.DUCKDB_MEMORY_LIMIT = "1GB"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    settings.KAM_SMS_BACKEND = "local"


@dataclass
class Group:
    customer: Customer
    contact: Contact
    group_account: Account
    member_account: Account
    members: list[Subscriber]  # on the group-paid account
    self_paid: Subscriber  # pays their own bill
    rows: list[dict[str, str]]

    def expected(self, subscriber: Subscriber) -> tuple[int, int]:
        """(records, fen) of ``subscriber`` in October, from the input rows only."""
        return expected_from_rows(self.rows)[subscriber.number]


def expected_from_rows(rows: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seen: set[str] = set()
    for row in rows:
        if row["record_id"] in seen or not row["start_time"].startswith("2026-10"):
            continue
        seen.add(row["record_id"])
        totals[row["number"]][0] += 1
        totals[row["number"]][1] += int(Decimal(row["charge"]) * 100)
    return {number: (n, fen) for number, (n, fen) in totals.items()}


def ingest_cdrs(tmp_path, rows: list[dict[str, str]], name: str = "cdr.csv") -> None:
    call_command(
        "ingest", "cdr", str(write_csv(tmp_path / name, rows)), "--no-aggregate", stdout=StringIO()
    )


@pytest.fixture
def group(manager, tmp_path) -> Group:
    customer = CustomerFactory(name="南京钢铁集团", manager=manager)
    contact = ContactFactory(
        customer=customer, name="王会计", phone="13912345678", email="wang@njsteel.example"
    )
    group_account = AccountFactory(
        customer=customer, code="A-NJ-001", payment_relation="group", bill_contact=contact
    )
    member_account = AccountFactory(
        customer=customer, code="A-NJ-900", payment_relation="member", bill_contact=contact
    )
    members = [
        SubscriberFactory(
            customer=customer,
            account=group_account,
            number=f"1380000000{i}",
            subscriber_id=f"S-NJ-{i}",
            holder_name=f"员工{i}",
        )
        for i in (1, 2, 3)
    ]
    self_paid = SubscriberFactory(
        customer=customer,
        account=member_account,
        number="13800000009",
        subscriber_id="S-NJ-9",
        holder_name="个付员工",
    )
    numbers = [s.number for s in [*members, self_paid]]
    rows = cdr_rows(numbers, months=[(2026, 10)], per_month=400, seed=11)
    ingest_cdrs(tmp_path, rows)
    return Group(customer, contact, group_account, member_account, members, self_paid, rows)


def signed_upload(name: str = "授权书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SIGNED_PDF, content_type="application/pdf")


@pytest.fixture
def authorisation(group, manager):
    from kamdesk.statements.services.setup import authorisation_create

    return authorisation_create(
        customer=group.customer,
        account=group.group_account,
        contact=group.contact,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2027, 12, 31),
        upload=signed_upload(),
        actor=manager,
    )
