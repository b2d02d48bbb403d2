"""Group products of the demo (V网, 专线, broadband, IoT pools, cloud) and their contracts.

Some contracts expire within 60 days of today and some carry a minimum monthly
commitment (保底), so renewal and commitment work has something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from calendar import monthrange
from decimal import Decimal

from kamdesk.customers.demo.lines import is_open
from kamdesk.customers.demo.province import Planned
from kamdesk.customers.models import (
    Contract,
    CustomerStatus,
    Product,
    ProductKind,
    ProductMember,
    RecordStatus,
)

_LINE_CHANCE = {"金融": 0.7, "政府": 0.6, "互联网": 0.6, "医疗": 0.5, "制造": 0.4}
_CLOUD_CHANCE = {"互联网": 0.45, "金融": 0.3}
_LINE_FEES = {20: 1500, 50: 2800, 100: 4500, 200: 7800, 500: 15000, 1000: 26000}
_BROADBAND = ((300, 299), (500, 499), (1000, 799))
_PUBLIC = ("政府", "教育", "医疗")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _money(value: float) -> Decimal:
    return Decimal(round(value / 10) * 10)


class ProductsBuilder:
    def __init__(self, *, rng: random.Random, today: dt.date) -> None:
        self.rng, self.today = rng, today
        self.product_seq = self.contract_seq = 0
        self.members: list[ProductMember] = []
        self.contract_products: list[tuple[Contract, Product]] = []

    def build(self, plan: Planned) -> None:
        if not plan.is_group or not plan.accounts:
            return
        self._vpmn(plan)
        self._dedicated_line(plan)
        self._broadband(plan)
        self._iot_pool(plan)
        self._cloud(plan)
        self._contracts(plan)

    def _product(self, plan: Planned, kind: str, name: str, spec: str, fee: Decimal) -> Product:
        self.product_seq += 1
        closed = plan.customer.status == CustomerStatus.CHURNED
        oldest = max(90, plan.customer.months_on_network * 30)
        product = Product(
            product_id=f"CP{self.product_seq:08d}",
            customer=plan.customer,
            account=plan.accounts[0],
            kind=kind,
            name=name,
            spec=spec,
            monthly_fee=fee,
            status=RecordStatus.CLOSED if closed else RecordStatus.ACTIVE,
            started_on=self.today - dt.timedelta(days=self.rng.randint(60, oldest)),
        )
        plan.products.append(product)
        return product

    def _vpmn(self, plan: Planned) -> None:
        lines = [s for s in plan.subscribers if is_open(s) and len(s.number) == 11]
        if len(lines) < 20 and plan.showcase != "search":
            return
        product = self._product(
            plan,
            ProductKind.VPMN,
            "集团V网",
            f"{len(lines)}名成员，短号6开头",
            Decimal(5 * len(lines)),
        )
        base = self.rng.choice((0, 1000, 3000, 6000))
        self.members += [
            ProductMember(product=product, subscriber=line, short_number=f"6{base + i + 1:04d}")
            for i, line in enumerate(lines)
        ]

    def _dedicated_line(self, plan: Planned) -> None:
        showcase = plan.showcase == "search"
        if not showcase and self.rng.random() >= _LINE_CHANCE.get(plan.industry, 0.2):
            return
        bandwidth = self.rng.choices(list(_LINE_FEES), (2, 4, 5, 3, 1, 1))[0]
        fee = _money(_LINE_FEES[bandwidth] * self.rng.uniform(0.85, 1.15))
        if self.rng.random() < 0.7:
            name, spec = (
                "互联网专线",
                f"{bandwidth}M对称带宽，{self.rng.choice((4, 8, 16))}个公网IP",
            )
        else:
            name, spec = "数据专线", f"MSTP {bandwidth}M，{plan.city.short}—南京"
        self._product(plan, ProductKind.DEDICATED_LINE, name, spec, fee)

    def _broadband(self, plan: Planned) -> None:
        if plan.showcase != "search" and self.rng.random() >= 0.35:
            return
        speed, fee = self.rng.choice(_BROADBAND)
        self._product(plan, ProductKind.BROADBAND, "企业宽带", f"{speed}M", Decimal(fee))

    def _iot_pool(self, plan: Planned) -> None:
        cards = [s for s in plan.subscribers if len(s.number) == 13]
        if not cards:
            return
        pool_gb = max(50, int(round(len(cards) * self.rng.uniform(2, 8), -1)))
        product = self._product(
            plan,
            ProductKind.IOT_POOL,
            "物联网流量池",
            f"{len(cards)}张卡共享{pool_gb}GB/月",
            Decimal(2 * len(cards)),
        )
        self.members += [ProductMember(product=product, subscriber=card) for card in cards]

    def _cloud(self, plan: Planned) -> None:
        showcase = plan.showcase == "search"
        if not showcase and self.rng.random() >= _CLOUD_CHANCE.get(plan.industry, 0.12):
            return
        hosts, cores = self.rng.randint(2, 12), self.rng.choice((4, 8, 16))
        spec = f"云主机{hosts}台（{cores}核{cores * 2}G），云硬盘{hosts * 500}GB"
        self._product(
            plan,
            ProductKind.CLOUD,
            "移动云",
            spec,
            _money(hosts * cores * 95 * self.rng.uniform(0.9, 1.1)),
        )

    # Contracts --------------------------------------------------------------------

    def _contracts(self, plan: Planned) -> None:
        products = list(plan.products)
        if not products:
            return
        parts = [products] if len(products) <= 2 else [products[:2], products[2:]]
        for index, part in enumerate(parts):
            self._contract(plan, part, soon=plan.showcase == "search" and index == 0)

    def _contract(self, plan: Planned, products: list[Product], *, soon: bool) -> None:
        self.contract_seq += 1
        rng = self.rng
        term = rng.choice((12, 24, 36))
        if soon or rng.random() < 0.15:
            expires = self.today + dt.timedelta(days=30 if soon else rng.randint(3, 58))
        else:
            # Within the term from today, so that every contract has started already.
            expires = self.today + dt.timedelta(days=rng.randint(61, term * 30 - 15))
        if plan.customer.status == CustomerStatus.CHURNED:
            expires = self.today - dt.timedelta(days=rng.randint(10, 300))
        fees = sum((p.monthly_fee for p in products), Decimal(0))
        title = (
            f"{products[0].name}服务协议"
            if len(products) == 1
            else f"{products[0].name}等{len(products)}项业务服务协议"
        )
        contract = Contract(
            code=f"HT{self.contract_seq:08d}",
            customer=plan.customer,
            title=title,
            starts_on=add_months(expires, -term),
            term_months=term,
            expires_on=expires,
            minimum_monthly=_money(float(fees) * 0.8)
            if soon or rng.random() < 0.35
            else Decimal(0),
            tender_ref=self._tender_ref(plan, fees),
        )
        plan.contracts.append(contract)
        self.contract_products += [(contract, p) for p in products]

    def _tender_ref(self, plan: Planned, fees: Decimal) -> str:
        if plan.industry not in _PUBLIC and (fees < 10_000 or self.rng.random() < 0.5):
            return ""
        division = plan.customer.uscc[2:6] + "00"
        return f"JSZC-{division}-{self.rng.randint(2021, 2025)}-{self.rng.randint(1, 99999):05d}"
