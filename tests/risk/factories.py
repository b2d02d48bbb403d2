"""Usage history built directly with the usage models, for the risk tests."""

from __future__ import annotations

import datetime as dt
import itertools

from kamdesk.customers.models import Customer, Subscriber
from kamdesk.usage.models import CustomerMonth, SubscriberEvent, SubscriberMonth
from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory

_seq = itertools.count(1)


def months_back(last: dt.date, n: int) -> list[dt.date]:
    out = []
    y, m = last.year, last.month
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def history_add(
    customer: Customer,
    spends: list[float],
    *,
    last: dt.date,
    competitor: list[int] | None = None,
    subscriber: Subscriber | None = None,
) -> None:
    """Monthly aggregates of ``customer`` (and of one subscriber) ending at ``last``."""
    months = months_back(last, len(spends))
    competitor = competitor or [0] * len(spends)
    sub = subscriber or customer.subscribers.first() or SubscriberFactory(customer=customer)
    for month, spend, comp in zip(months, spends, competitor, strict=True):
        figures = {
            "total_fen": int(spend * 100),
            "voice_out_minutes": int(spend),
            "voice_out_calls": 40,
            "calls_cmcc": 30,
            "calls_unicom": 5,
            "calls_telecom": 5,
            "sms_out": 20,
            "data_kb": int(spend * 1000),
            "calls_10010": comp,
            "activity_records": 100 if spend else 0,
        }
        CustomerMonth.objects.update_or_create(customer=customer, month=month, defaults=figures)
        SubscriberMonth.objects.update_or_create(
            subscriber=sub,
            month=month,
            defaults={**figures, "account": sub.account, "customer": customer},
        )


def group_with_line(
    *, manager, grade_code: str = "A", name: str | None = None
) -> tuple[Customer, Subscriber]:  # noqa: ANN001
    from tests.factories import grade

    customer = CustomerFactory(
        manager=manager, grade=grade(grade_code), **({"name": name} if name else {})
    )
    account = AccountFactory(customer=customer)
    sub = SubscriberFactory(customer=customer, account=account, number=f"139{next(_seq):08d}")
    return customer, sub


def event_add(
    subscriber: Subscriber, type_: str, at: dt.datetime, detail: str = ""
) -> SubscriberEvent:
    return SubscriberEvent.objects.create(
        event_id=f"E{next(_seq):08d}",
        subscriber=subscriber,
        customer=subscriber.customer,
        number=subscriber.number,
        occurred_at=at,
        type=type_,
        detail=detail,
    )
