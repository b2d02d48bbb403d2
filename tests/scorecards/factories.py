"""Test data for scorecards, placed directly with the values a KPI reads."""

from __future__ import annotations

import datetime as dt
import itertools

from kamdesk.usage.models import Bill, SubscriberEvent
from tests.factories import AccountFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
_seq = itertools.count(1)


def local(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A moment in Asia/Shanghai (stored as UTC by the ORM)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def bill(
    customer, month: dt.date, total_fen: int, *, version: int = 1, current: bool = True
) -> Bill:
    account = customer.accounts.first() or AccountFactory(customer=customer)
    return Bill.objects.create(
        bill_id=f"B{customer.pk}-{month:%Y%m}",
        version=version,
        account=account,
        customer=customer,
        month=month,
        total_fen=total_fen,
        is_current=current,
    )


def churn_event(subscriber, when: dt.datetime, kind: str = "cancellation") -> SubscriberEvent:
    return SubscriberEvent.objects.create(
        event_id=f"E{next(_seq)}",
        subscriber=subscriber,
        customer=subscriber.customer,
        number=subscriber.number,
        occurred_at=when,
        type=kind,
    )


def visit(customer, planned: dt.date, **fields):  # type: ignore[no-untyped-def]
    from kamdesk.visits.models import Visit

    return Visit.objects.create(
        customer=customer,
        manager=fields.pop("manager", customer.manager),
        planned_date=planned,
        **fields,
    )


def commitment(customer, due: dt.date, **fields):  # type: ignore[no-untyped-def]
    from kamdesk.commitments.models import Commitment

    owner = fields.pop("owner", customer.manager)
    return Commitment.objects.create(
        customer=customer,
        title=fields.pop("title", "免费升级专线带宽"),
        promised_by=owner,
        promised_on=fields.pop("promised_on", due - dt.timedelta(days=20)),
        owner=owner,
        due_on=due,
        original_due_on=due,
        source_kind=fields.pop("source_kind", "call"),
        **fields,
    )
