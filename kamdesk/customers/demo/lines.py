"""Billing accounts and subscribers of the demo: group members, IoT cards, VIP lines.

A number is held by one subscriber at a time: a few numbers are recycled, so an old
subscriber's period ends on the day the new one's begins, and never overlaps it.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from itertools import accumulate

from kamdesk.customers.demo.catalogue import Catalogue
from kamdesk.customers.demo.people import IOT_PREFIXES, NumberBook, People
from kamdesk.customers.demo.province import Planned
from kamdesk.customers.models import (
    Account,
    BillingType,
    CustomerStatus,
    PaymentRelation,
    RecordStatus,
    Subscriber,
    SubscriberStatus,
    TariffPlan,
)

_GROUP_PLANS = (
    ("JT58", 35),
    ("JT98", 30),
    ("JT158", 20),
    ("JT238", 5),
    ("5G128", 5),
    ("QQT188", 5),
)
_IOT_PLANS = {"物流": "IOT18", "制造": "IOT28", "能源": "IOT48"}
_VIP_PLANS = {
    "diamond": ("QQT388", "QQT588", "5G298"),
    "gold": ("QQT188", "QQT288", "5G198"),
    "silver": ("QQT128", "5G128", "DGDD58", "SZX28"),
}
_OPEN = (SubscriberStatus.ACTIVE, SubscriberStatus.SUSPENDED)
_STATUSES = (
    SubscriberStatus.ACTIVE,
    SubscriberStatus.SUSPENDED,
    SubscriberStatus.CANCELLED,
    SubscriberStatus.PORTED_OUT,
)
_WEIGHTS = list(accumulate((90, 4, 4, 2)))
_AT_RISK_WEIGHTS = list(accumulate((80, 12, 5, 3)))


class LinesBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        people: People,
        numbers: NumberBook,
        catalogue: Catalogue,
        today: dt.date,
    ) -> None:
        self.rng, self.people, self.numbers = rng, people, numbers
        self.plans = {p.code: p for p in catalogue.plans}
        self.today = today
        self.account_seq = self.subscriber_seq = 0

    def build(self, plan: Planned) -> None:
        if plan.lines == 0 and plan.iot_cards == 0:
            return  # A prospect has no account with us yet.
        if plan.is_group:
            self._group(plan)
        else:
            self._vip(plan)

    # Accounts ---------------------------------------------------------------------

    def _account(
        self,
        plan: Planned,
        suffix: str,
        relation: str,
        billing: str = BillingType.POSTPAID,
        limit: Decimal | None = None,
    ) -> Account:
        self.account_seq += 1
        closed = plan.customer.status == CustomerStatus.CHURNED
        account = Account(
            code=f"ZH{self.account_seq:09d}",
            customer=plan.customer,
            name=f"{plan.customer.name}{suffix}",
            payment_relation=relation,
            group_pay_limit=limit,
            billing_type=billing,
            status=RecordStatus.CLOSED if closed else RecordStatus.ACTIVE,
        )
        plan.accounts.append(account)
        return account

    def _group_accounts(self, plan: Planned) -> list[tuple[Account, int]]:
        """The group-paid account, and sometimes member-paid and partly group-paid ones."""
        found = [(self._account(plan, "统付账户", PaymentRelation.GROUP), 6)]
        showcase = plan.showcase == "search"
        if showcase or (plan.lines >= 30 and self.rng.random() < 0.35):
            billing = BillingType.PREPAID if self.rng.random() < 0.3 else BillingType.POSTPAID
            found.append((self._account(plan, "个付账户", PaymentRelation.MEMBER, billing), 3))
        if showcase or self.rng.random() < 0.2:
            limit = Decimal(self.rng.choice((50, 100, 150, 200)))
            found.append(
                (self._account(plan, "限额统付账户", PaymentRelation.PARTIAL, limit=limit), 2)
            )
        return found

    # Lines ------------------------------------------------------------------------

    def _group(self, plan: Planned) -> None:
        accounts = self._group_accounts(plan)
        codes, weights = zip(*_GROUP_PLANS, strict=True)
        plan_weights = list(accumulate(weights))
        payers, payer_weights = [a for a, _ in accounts], list(accumulate(w for _, w in accounts))
        for _ in range(plan.lines):
            account = self.rng.choices(payers, cum_weights=payer_weights)[0]
            tariff = self.plans[self.rng.choices(codes, cum_weights=plan_weights)[0]]
            self._line(
                plan,
                account,
                self.numbers.mobile(),
                tariff,
                plan.customer.name,
                self.people.common_name(),
            )
        if plan.iot_cards:
            account = self._account(plan, "物联网账户", PaymentRelation.GROUP)
            prefix = self.rng.choice(IOT_PREFIXES)
            tariff = self.plans[_IOT_PLANS.get(plan.industry, "IOT28")]
            for _ in range(plan.iot_cards):
                self._line(plan, account, self.numbers.iot(prefix), tariff, plan.customer.name, "")

    def _vip(self, plan: Planned) -> None:
        billing = BillingType.PREPAID if self.rng.random() < 0.2 else BillingType.POSTPAID
        account = self._account(plan, "个人账户", PaymentRelation.MEMBER, billing)
        name = plan.customer.name
        for index in range(plan.lines):
            tariff = self.plans[self.rng.choice(_VIP_PLANS[plan.customer.grade.code])]
            user = name if index == 0 else self.people.name()
            self._line(plan, account, self.numbers.mobile(), tariff, name, user)

    def _line(
        self,
        plan: Planned,
        account: Account,
        number: str,
        tariff: TariffPlan,
        holder: str,
        user: str,
    ) -> Subscriber:
        status = self._status(plan.customer.status)
        oldest = max(60, min(plan.customer.months_on_network * 30, 3650))
        if status in _OPEN:
            valid_from = self.today - dt.timedelta(days=self.rng.randint(7, oldest))
            valid_to = None
        else:
            ended = self.rng.randint(5, 400)
            valid_to = self.today - dt.timedelta(days=ended)
            valid_from = valid_to - dt.timedelta(days=self.rng.randint(60, oldest))
        line = self._subscriber(plan, account, number, tariff, holder, user)
        line.status, line.valid_from, line.valid_to = status, valid_from, valid_to
        line.activated_on = valid_from
        return line

    def _subscriber(
        self,
        plan: Planned,
        account: Account,
        number: str,
        tariff: TariffPlan,
        holder: str,
        user: str,
    ) -> Subscriber:
        self.subscriber_seq += 1
        line = Subscriber(
            subscriber_id=f"SB{self.subscriber_seq:010d}",
            number=number,
            customer=plan.customer,
            account=account,
            plan=tariff,
            holder_name=holder,
            user_name=user,
            valid_from=self.today,
        )
        plan.subscribers.append(line)
        return line

    def _status(self, customer_status: str) -> str:
        if customer_status == CustomerStatus.CHURNED:
            return self.rng.choice((SubscriberStatus.CANCELLED, SubscriberStatus.PORTED_OUT))
        weights = _AT_RISK_WEIGHTS if customer_status == CustomerStatus.AT_RISK else _WEIGHTS
        return self.rng.choices(_STATUSES, cum_weights=weights)[0]

    # Recycled numbers -------------------------------------------------------------

    def recycle(self, planned: list[Planned]) -> list[Subscriber]:
        """Give a few current numbers an earlier holder (another customer) whose period
        ended on the day the current one began. Returns the current holders."""
        current = [
            s
            for p in planned
            for s in p.subscribers
            if s.status == SubscriberStatus.ACTIVE and len(s.number) == 11
        ]
        owners = [p for p in planned if p.accounts]
        count = max(2, round(len(current) * 0.0015))
        chosen = self.rng.sample(current, min(count, len(current)))
        for line in chosen:
            previous = self.rng.choice([p for p in owners if p.customer is not line.customer])
            old = self._subscriber(
                previous,
                previous.accounts[0],
                line.number,
                self.plans[self.rng.choice(("SZX18", "DGDD38", "QQT128"))],
                previous.customer.name,
                self.people.name(),
            )
            old.status = SubscriberStatus.CANCELLED
            old.valid_to = line.valid_from
            old.valid_from = line.valid_from - dt.timedelta(days=self.rng.randint(365, 2500))
            old.activated_on = old.valid_from
        return chosen


def is_open(line: Subscriber) -> bool:
    return line.valid_to is None


def value_settle(plan: Planned) -> None:
    """Monthly revenue from the plans of open lines and the group's products; ARPU per line."""
    open_lines = [s for s in plan.subscribers if is_open(s)]
    line_fees = sum((s.plan.monthly_fee for s in open_lines if s.plan), Decimal(0))
    product_fees = sum(
        (p.monthly_fee for p in plan.products if p.status == RecordStatus.ACTIVE), Decimal(0)
    )
    customer = plan.customer
    customer.monthly_revenue = (line_fees + product_fees).quantize(Decimal("0.01"))
    mobile = [s for s in open_lines if len(s.number) == 11]
    mobile_fees = sum((s.plan.monthly_fee for s in mobile if s.plan), Decimal(0))
    customer.arpu = (mobile_fees / len(mobile)).quantize(Decimal("0.01")) if mobile else Decimal(0)
