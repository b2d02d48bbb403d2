"""The key accounts of the demo province: group hierarchies, single groups and VIPs.

Customers are built in memory (unsaved) with what later steps need to know about them
(how many lines, where, which industry); ``lines``, ``products`` and ``relationship``
hang their rows on them, and ``load`` writes everything in dependency order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kamdesk.core.crypto import lookup_hash
from kamdesk.core.masking import mask_id
from kamdesk.core.pinyin import pinyin_full, pinyin_initials
from kamdesk.customers.demo import companies, knowledge
from kamdesk.customers.demo.geography import (
    CAPITAL,
    CITIES,
    OTHER_PROVINCE_DIVISIONS,
    City,
    address_make,
    city_named,
    city_pick,
    place_pick,
)
from kamdesk.customers.demo.people import VISITORS, People, uscc_make
from kamdesk.customers.demo.staff import Staff
from kamdesk.customers.models import (
    Account,
    Contact,
    Contract,
    Customer,
    CustomerKind,
    CustomerStatus,
    Grade,
    Interaction,
    Product,
    Subscriber,
)
from kamdesk.users.models import User

# The customer printed at the end as an easy pinyin-initials search (njxk...).
SHOWCASE_NAME = "南京星科信息技术有限公司"
FULL_GROUPS = 220
FULL_VIPS = 90
FULL_HIERARCHIES = 6
LINES_PER_FULL_PROVINCE = 20_000
MAX_GROUP_LINES = 2_000


@dataclass
class Planned:
    """An unsaved customer and the facts the later builders need about it."""

    customer: Customer
    city: City
    level: int = 0
    lines: int = 0
    iot_cards: int = 0
    industry: str = ""
    domain: str = ""
    birth: dt.date | None = None
    male: bool = True
    showcase: str = ""
    accounts: list[Account] = field(default_factory=list)
    subscribers: list[Subscriber] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.customer.kind == CustomerKind.GROUP


@dataclass
class Sizes:
    hierarchies: int
    plain_groups: int
    vips: int
    group_lines: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        vips = max(5, round(FULL_VIPS * scale))
        plain = max(8, round((FULL_GROUPS - 34) * scale))
        return cls(
            hierarchies=max(1, round(FULL_HIERARCHIES * scale)),
            plain_groups=plain,
            vips=vips,
            group_lines=round(LINES_PER_FULL_PROVINCE * scale) - 2 * vips,
        )


class ProvinceBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        people: People,
        staff: Staff,
        grades: dict[str, Grade],
        scale: float,
    ) -> None:
        self.rng, self.people, self.staff, self.grades = rng, people, staff, grades
        self.sizes = Sizes.for_scale(scale)
        self.small = scale < 0.5
        self.names: set[str] = set()
        self.planned: list[Planned] = []
        self.group_seq = self.vip_seq = self.visitors = 0

    def build(self) -> list[Planned]:
        self._showcases()
        for index in range(self.sizes.hierarchies):
            self._hierarchy(national=index % 3 == 0)
        while sum(1 for p in self.planned if p.level == 0 and p.is_group) < (
            self.sizes.plain_groups + self.sizes.hierarchies
        ):
            self._plain_group()
        self._size_groups()
        for _ in range(self.sizes.vips):
            self._vip()
        for plan in self.planned:
            self._assign_managers(plan)
        return self.planned

    # Groups -----------------------------------------------------------------------

    def _group(
        self,
        *,
        name: str,
        industry: str,
        domain: str,
        city: City,
        parent: Planned | None = None,
        district_name: str = "",
    ) -> Planned:
        self.names.add(name)
        self.group_seq += 1
        district, lat, lng = place_pick(self.rng, city, district_name)
        customer = Customer(
            code=f"JT{city.code}{self.group_seq:06d}",
            kind=CustomerKind.GROUP,
            parent=parent.customer if parent else None,
            name=name,
            name_pinyin=pinyin_full(name),
            name_initials=pinyin_initials(name),
            uscc=uscc_make(self.rng, kind=companies.BODY_KIND[industry], division=district.code),
            industry=industry,
            region=city.name,
            district=district.name,
            address=address_make(self.rng, city, district),
            latitude=lat,
            longitude=lng,
            credit_tier=self.rng.choices(("AAA", "AA", "A", "B", "C"), (2, 4, 5, 3, 1))[0],
            months_on_network=self.rng.randint(6, 300),
        )
        knowledge.group_knowledge(self.rng, customer)
        plan = Planned(
            customer=customer,
            city=city,
            level=parent.level + 1 if parent else 0,
            industry=industry,
            domain=domain,
        )
        self.planned.append(plan)
        return plan

    def _unique_company(self, industry: str, city: City) -> companies.CompanyName:
        while True:
            district = self.rng.choice(city.districts)
            found = companies.company_name(self.rng, industry, city, district)
            if found.name not in self.names:
                return found

    def _showcases(self) -> None:
        self._group(
            name=SHOWCASE_NAME,
            industry="互联网",
            domain="xingke.com.cn",
            city=CAPITAL,
            district_name="玄武区",
        ).showcase = "search"
        suzhou = city_named("苏州市")
        found = self._unique_company("物流", suzhou)
        self._group(
            name=found.name,
            industry="物流",
            domain=found.domain,
            city=suzhou,
            district_name=found.district,
        ).showcase = "iot"

    def _plain_group(self) -> None:
        city = city_pick(self.rng)
        industry = companies.industry_pick(self.rng)
        found = self._unique_company(industry, city)
        self._group(
            name=found.name,
            industry=industry,
            domain=found.domain,
            city=city,
            district_name=found.district,
        )

    def _hierarchy(self, *, national: bool) -> None:
        while (names := companies.group_names(self.rng, national)).top in self.names:
            pass
        top = self._group(
            name=names.top, industry=names.industry, domain=names.domain, city=CAPITAL
        )
        head = top
        if names.middle:
            head = self._group(
                name=names.middle,
                industry=names.industry,
                domain=names.domain,
                city=CAPITAL,
                parent=top,
            )
        branches = 2 if self.small else self.rng.randint(3, 6)
        for city in self.rng.sample(CITIES[1:], branches):
            self._group(
                name=names.branch(city),
                industry=names.industry,
                domain=names.domain,
                city=city,
                parent=head,
            )

    def _size_groups(self) -> None:
        """Lines per group: skewed (a few big groups), between 10 and 2,000."""
        groups = [p for p in self.planned if p.is_group]
        for plan in groups:
            steady = bool(plan.showcase) or any(p.customer.parent is plan.customer for p in groups)
            plan.customer.status = self._status(steady=steady)
            if plan.customer.status == CustomerStatus.PROSPECT:
                plan.customer.months_on_network = 0
        sized = [p for p in groups if p.customer.status != CustomerStatus.PROSPECT]
        showcase = max(60, round(self.sizes.group_lines * 0.0075))
        target = self.sizes.group_lines - showcase
        raw = [
            MAX_GROUP_LINES * (rank + 1) ** -0.85 * self.rng.uniform(0.8, 1.2)
            for rank in range(len(sized))
        ]
        self.rng.shuffle(raw)
        factor = target / sum(raw)
        for _ in range(6):  # Rescale until the clipped sizes add up to the target.
            sizes = [min(MAX_GROUP_LINES, max(10, round(r * factor))) for r in raw]
            factor *= target / sum(sizes)
        for plan, size in zip(sized, sizes, strict=True):
            self._split_lines(plan, showcase if plan.showcase == "search" else size)

    def _split_lines(self, plan: Planned, size: int) -> None:
        """Some groups of IoT-minded industries put part of their lines in IoT cards."""
        if plan.showcase == "iot" or (
            plan.industry in companies.IOT_INDUSTRIES and self.rng.random() < 0.35
        ):
            plan.iot_cards = round(max(size, 40) * self.rng.uniform(0.4, 0.7))
            size = max(5, size - plan.iot_cards)
        plan.lines = size

    def _status(self, *, steady: bool) -> str:
        if steady:
            return CustomerStatus.ACTIVE
        return self.rng.choices(
            (
                CustomerStatus.ACTIVE,
                CustomerStatus.AT_RISK,
                CustomerStatus.PROSPECT,
                CustomerStatus.CHURNED,
            ),
            (82, 8, 6, 4),
        )[0]

    # VIPs -------------------------------------------------------------------------

    def _vip(self) -> None:
        self.vip_seq += 1
        city = city_pick(self.rng)
        district, lat, lng = place_pick(self.rng, city)
        male = self.rng.random() < 0.6
        name, id_type, id_number, birth = self._identity(city, district.code, male)
        while name in self.names:
            name = self.people.name(male)
        self.names.add(name)
        grade = self.rng.choices(("diamond", "gold", "silver"), (15, 35, 50))[0]
        customer = Customer(
            code=f"VIP{city.code}{self.vip_seq:05d}",
            kind=CustomerKind.INDIVIDUAL,
            name=name,
            name_pinyin=pinyin_full(name),
            name_initials=pinyin_initials(name),
            id_type=id_type,
            id_number=id_number,
            id_number_hash=lookup_hash(id_number),
            id_number_masked=mask_id(id_number),
            grade=self.grades[grade],
            region=city.name,
            district=district.name,
            address=address_make(self.rng, city, district),
            latitude=lat,
            longitude=lng,
            status=self._status(steady=False),
            months_on_network=self.rng.randint(12, 300),
            credit_tier=self.rng.choice(
                ("五星", "四星", "三星") if grade != "silver" else ("四星", "三星", "二星")
            ),
        )
        knowledge.vip_knowledge(self.rng, customer)
        lines = self.rng.choices((1, 2, 3), (5, 3, 2) if grade == "diamond" else (6, 3, 1))[0]
        if customer.status == CustomerStatus.PROSPECT:
            customer.months_on_network, lines = 0, 0
        self.planned.append(
            Planned(customer=customer, city=city, lines=lines, birth=birth, male=male)
        )

    def _identity(self, city: City, division: str, male: bool) -> tuple[str, str, str, dt.date]:
        """Most VIPs hold a resident identity card; every 15th starts with a visitor."""
        birth = self.people.birth_date()
        if self.vip_seq % 15 in (1, 2):
            name, id_type, pattern = VISITORS[self.visitors % len(VISITORS)]
            self.visitors += 1
            return name, id_type, self.people.document(pattern), birth
        if self.rng.random() < 0.15:
            division = self.rng.choice(OTHER_PROVINCE_DIVISIONS)
        number = self.people.resident_id(division, birth, male)
        return self.people.name(male), "resident_id", number, birth

    # Managers ---------------------------------------------------------------------

    def _assign_managers(self, plan: Planned) -> None:
        customer = plan.customer
        team = self.staff.team_managers(plan.city.team)
        manager = self.staff.managers[0] if plan.showcase == "search" else self.rng.choice(team)
        customer.manager = manager
        if self.rng.random() < 0.15:
            return
        customer.backup_manager = self._backup_for(manager, team)

    def _backup_for(self, manager: User, team: list[User]) -> User:
        # The absent manager's stand-in covers most of their book this week.
        if manager == self.staff.absent and self.rng.random() < 0.7:
            return self.staff.stand_in
        return self.rng.choice([m for m in team if m != manager])


GROUP_GRADE_SHARES = (("A", 0.10), ("B", 0.25), ("C", 0.35), ("D", 0.30))


def group_grades_settle(planned: list[Planned], grades: dict[str, Grade]) -> None:
    """Grade groups by monthly revenue: the top 10% A, then 25% B, 35% C and 30% D.

    Groups with branches are A whatever their own revenue; prospects are D.
    """
    groups = [p.customer for p in planned if p.is_group]
    ranked = sorted(
        (c for c in groups if c.status != CustomerStatus.PROSPECT),
        key=lambda c: (-c.monthly_revenue, c.code),
    )
    bounds, total = [], 0.0
    for code, share in GROUP_GRADE_SHARES:
        total += share
        bounds.append((code, round(total * len(ranked))))
    for index, customer in enumerate(ranked):
        customer.grade = grades[next(code for code, bound in bounds if index < bound)]
    parents = {id(c.parent) for c in groups if c.parent is not None}
    for customer in groups:
        if id(customer) in parents or customer.name == SHOWCASE_NAME:
            customer.grade = grades["A"]
        elif customer.status == CustomerStatus.PROSPECT:
            customer.grade = grades["D"]
