"""Factories of the adviser's tests: catalogue plans with terms, and usage aggregates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kamdesk.advisor.models import PlanTerms
from kamdesk.customers.models import Customer, Subscriber, TariffPlan
from kamdesk.usage.models import SubscriberMonth
from tests.factories import PlanFactory, SubscriberFactory

GB = 1024
TODAY = dt.date(2026, 11, 28)
MONTHS = [dt.date(2026, m, 1) for m in range(5, 11)]  # May–October 2026, complete months


def plan(
    code: str,
    fee: str,
    *,
    minutes: int = 0,
    sms: int = 0,
    gb: int = 0,
    per_min: str = "0.19",
    per_gb: str = "3",
    filing: str | None = None,
    segment: str = "individual",
    **terms: object,
) -> TariffPlan:
    row = PlanFactory(
        code=code,
        name=f"测试套餐{code}",
        monthly_fee=Decimal(fee),
        voice_minutes=minutes,
        sms=sms,
        data_mb=gb * GB,
        voice_overage_per_min=Decimal(per_min),
        sms_overage=Decimal("0.10"),
        data_overage_per_gb=Decimal(per_gb),
        filing_number=f"24JS1{code[-4:]:0>5}" if filing is None else filing,
        segment=segment,
    )
    if terms:
        PlanTerms.objects.create(plan=row, **terms)
    return row


def usage(
    subscriber: Subscriber,
    month: dt.date,
    *,
    minutes: int = 0,
    sms: int = 0,
    mb: int = 0,
    roaming_fen: int = 0,
    intl: int = 0,
    total_fen: int = 0,
    data_fen: int = 0,
    cmcc: int = 0,
    out_calls: int = 0,
) -> SubscriberMonth:
    return SubscriberMonth.objects.create(
        subscriber=subscriber,
        account=subscriber.account,
        customer=subscriber.customer,
        month=month,
        voice_out_minutes=minutes,
        sms_out=sms,
        data_kb=mb * 1024,
        roaming_fen=roaming_fen,
        intl_roaming_records=intl,
        total_fen=total_fen,
        data_fen=data_fen,
        calls_cmcc=cmcc,
        voice_out_calls=out_calls,
    )


def line(customer: Customer, tariff: TariffPlan, **kw: object) -> Subscriber:
    return SubscriberFactory(customer=customer, plan=tariff, **kw)
