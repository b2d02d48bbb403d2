"""Build the demo province in memory, write it in one transaction, audit it once.

Loading is idempotent by a marker: the ``demo.loaded`` audit event. A second run
finds it and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record
from kamdesk.customers.demo.catalogue import Catalogue, catalogue_build, catalogue_write
from kamdesk.customers.demo.lines import LinesBuilder, is_open, value_settle
from kamdesk.customers.demo.people import NumberBook, People, faker_for, rng_for
from kamdesk.customers.demo.products import ProductsBuilder
from kamdesk.customers.demo.province import (
    SHOWCASE_NAME,
    Planned,
    ProvinceBuilder,
    group_grades_settle,
)
from kamdesk.customers.demo.relationship import RelationshipBuilder
from kamdesk.customers.demo.staff import (
    ABSENT_MANAGER,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    SHANGHAI,
    STAND_IN_MANAGER,
    Staff,
    staff_create,
)
from kamdesk.customers.models import (
    Account,
    Contact,
    Contract,
    Customer,
    DecisionRole,
    Grade,
    Interaction,
    Product,
    ProductMember,
    Subscriber,
    TariffPlan,
)
from kamdesk.users.models import User

DEFAULT_SEED = 20251128
MARKER = "demo.loaded"
STAGE_MARKER = "demo.stage_loaded"
BATCH = 2000


class DemoConflict(Exception):
    """Demo logins exist in a database where the demo was never loaded."""


@dataclass
class DemoSummary:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def demo_is_loaded() -> bool:
    return AuditEvent.objects.filter(action=MARKER).exists()


def demo_stages_done() -> set[str] | None:
    """The demo stages (capability loaders, by dotted path) already loaded; None for a
    province loaded before stages were recorded (nothing is then added to it)."""
    if not AuditEvent.objects.filter(action=MARKER, extra__stages=True).exists():
        return None
    return set(
        AuditEvent.objects.filter(action=STAGE_MARKER).values_list("extra__stage", flat=True)
    )


def demo_stage_record(*, stage: str) -> None:
    audit_record(actor=None, action=STAGE_MARKER, extra={"stage": stage})


def demo_load(
    *, seed: int = DEFAULT_SEED, scale: float = 1.0, now: dt.datetime | None = None
) -> DemoSummary:
    """Create the demo province unless it is there already (then change nothing)."""
    if demo_is_loaded():
        return DemoSummary(created=False, counts=demo_counts())
    if User.objects.filter(username__in=DEMO_USERNAMES).exists():
        raise DemoConflict("demo logins exist but the demo was never loaded")
    started = time.monotonic()
    moment = now or timezone.now()
    with transaction.atomic():
        _build_and_write(seed=seed, scale=scale, now=moment)
        counts = demo_counts()
        audit_record(
            actor=None,
            action=MARKER,
            # "stages": the capabilities' demo histories are recorded one by one
            # (STAGE_MARKER), so a run interrupted after the province finishes them later.
            extra={"seed": seed, "scale": scale, "counts": counts, "stages": True},
        )
    return DemoSummary(created=True, counts=counts, seconds=time.monotonic() - started)


def _build_and_write(*, seed: int, scale: float, now: dt.datetime) -> None:
    today = now.astimezone(SHANGHAI).date()
    used: set[str] = set()
    staff = staff_create(
        people=People(rng_for(seed, "staff"), faker_for(seed, "staff")),
        numbers=NumberBook(rng_for(seed, "staff-numbers"), used),
        password_hash=make_password(DEMO_PASSWORD),
        now=now,
    )
    catalogue = catalogue_build(rng_for(seed, "catalogue"))
    catalogue_write(catalogue)
    grades = {g.code: g for g in Grade.objects.all()}
    planned = _plan(seed=seed, scale=scale, staff=staff, grades=grades)
    products = _lines_and_products(seed, scale, planned, catalogue, today, used)
    for plan in planned:
        value_settle(plan)
    group_grades_settle(planned, grades)
    _relationships(seed, planned, now, used)
    _write(planned, products)


def _plan(*, seed: int, scale: float, staff: Staff, grades: dict[str, Grade]) -> list[Planned]:
    people = People(rng_for(seed, "province-people"), faker_for(seed, "province"))
    return ProvinceBuilder(
        rng=rng_for(seed, "province"), people=people, staff=staff, grades=grades, scale=scale
    ).build()


def _lines_and_products(
    seed: int,
    scale: float,
    planned: list[Planned],
    catalogue: Catalogue,
    today: dt.date,
    used: set[str],
) -> ProductsBuilder:
    pool = max(200, min(2500, round(2500 * scale)))
    lines = LinesBuilder(
        rng=rng_for(seed, "lines"),
        people=People(rng_for(seed, "lines-people"), faker_for(seed, "lines"), pool),
        numbers=NumberBook(rng_for(seed, "numbers"), used),
        catalogue=catalogue,
        today=today,
    )
    for plan in planned:
        lines.build(plan)
    lines.recycle(planned)
    products = ProductsBuilder(rng=rng_for(seed, "products"), today=today)
    for plan in planned:
        products.build(plan)
    return products


def _relationships(seed: int, planned: list[Planned], now: dt.datetime, used: set[str]) -> None:
    builder = RelationshipBuilder(
        rng=rng_for(seed, "relationship"),
        people=People(rng_for(seed, "relationship-people"), faker_for(seed, "relationship")),
        numbers=NumberBook(rng_for(seed, "contact-numbers"), used),
        now=now,
    )
    for plan in planned:
        own = [
            s
            for s in plan.subscribers
            if s.customer is plan.customer and is_open(s) and len(s.number) == 11
        ]
        plan.contacts = builder.contacts(plan, own[:5])
        plan.interactions = builder.interactions(plan, plan.contacts)
        payer = next(
            (c for c in plan.contacts if c.decision_role == DecisionRole.FINANCE), plan.contacts[0]
        )
        for account in plan.accounts:
            account.bill_contact = payer


def _write(planned: list[Planned], products: ProductsBuilder) -> None:
    """Bulk inserts in dependency order; parents before children, level by level."""
    for level in (0, 1, 2):
        Customer.objects.bulk_create([p.customer for p in planned if p.level == level])

    def rows(name: str) -> list[Any]:
        return [row for p in planned for row in getattr(p, name)]

    Contact.objects.bulk_create(rows("contacts"), batch_size=BATCH)
    Account.objects.bulk_create(rows("accounts"), batch_size=BATCH)
    Subscriber.objects.bulk_create(rows("subscribers"), batch_size=BATCH)
    Product.objects.bulk_create(rows("products"), batch_size=BATCH)
    ProductMember.objects.bulk_create(products.members, batch_size=BATCH)
    Contract.objects.bulk_create(rows("contracts"), batch_size=BATCH)
    through = Contract.products.through
    through.objects.bulk_create(
        [through(contract_id=c.pk, product_id=p.pk) for c, p in products.contract_products],
        batch_size=BATCH,
    )
    Interaction.objects.bulk_create(rows("interactions"), batch_size=BATCH)


def demo_counts() -> dict[str, int]:
    today = timezone.localdate()
    return {
        "staff": User.objects.filter(username__in=DEMO_USERNAMES).count(),
        "tariff_plans": TariffPlan.objects.count(),
        "customers": Customer.objects.count(),
        "groups": Customer.objects.filter(kind="group").count(),
        "vips": Customer.objects.filter(kind="individual").count(),
        "accounts": Account.objects.count(),
        "subscribers": Subscriber.objects.count(),
        "current_subscribers": Subscriber.objects.filter(valid_from__lte=today)
        .exclude(valid_to__lte=today)
        .count(),
        "products": Product.objects.count(),
        "contracts": Contract.objects.count(),
        "contacts": Contact.objects.count(),
        "interactions": Interaction.objects.count(),
    }


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    name: str


def demo_logins() -> list[Login]:
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    return [
        Login(name, users[name].title, users[name].display_name)
        for name in DEMO_USERNAMES
        if name in users
    ]


@dataclass(frozen=True)
class DemoHints:
    search_initials: str
    search_name: str
    recycled_number: str
    absent: str
    stand_in: str


def demo_hints() -> DemoHints:
    """What to try first: a pinyin search, a recycled number, the absent manager's backup."""
    showcase = Customer.objects.filter(name=SHOWCASE_NAME).first()
    recycled = (
        Subscriber.objects.values("number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("number")
        .first()
    )
    return DemoHints(
        search_initials=showcase.name_initials[:4] if showcase else "",
        search_name=showcase.name if showcase else "",
        recycled_number=recycled["number"] if recycled else "",
        absent=ABSENT_MANAGER,
        stand_in=STAND_IN_MANAGER,
    )
