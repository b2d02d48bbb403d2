"""What the usage pages show: a customer's or subscriber's last twelve months at a glance.

Reads only, built on ``selectors`` (which check the scope and the kind of data). The
result is plain dataclasses the templates, the chart data and the spreadsheet export
share, so the numbers beside a chart are the numbers in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Sum
from django.utils import timezone

from kamdesk.customers.models import Customer, Product, Subscriber
from kamdesk.customers.selectors import customer_get, products_of, subscriber_get
from kamdesk.usage import selectors
from kamdesk.usage.changes import change_percent, kb_to_mb, month_add
from kamdesk.usage.models import Bill, CustomerMonth, SubscriberMonth, fen_to_yuan
from kamdesk.users.models import User
from kamdesk.users.permissions import can

MONTHS_SHOWN = 12
NO_USAGE_SHOWN = 20


@dataclass(frozen=True)
class MonthLine:
    """One month of the table: usage, its changes, and (if the user may see bills) bills."""

    usage: selectors.UsageMonth
    mom_percent: Decimal | None
    yoy_percent: Decimal | None
    billed_fen: int | None = None
    arrears_fen: int | None = None
    products_fen: int | None = None

    @property
    def month(self) -> dt.date:
        return self.usage.month

    @property
    def voice_minutes(self) -> int:
        return self.usage.voice_out_minutes + self.usage.voice_in_minutes

    @property
    def sms(self) -> int:
        return self.usage.sms_out + self.usage.sms_in

    @property
    def data_mb(self) -> Decimal:
        return kb_to_mb(self.usage.data_kb)

    @property
    def total_yuan(self) -> Decimal:
        return fen_to_yuan(self.usage.total_fen)


def month_lines(months: list[selectors.UsageMonth]) -> list[MonthLine]:
    """The last twelve of 24 consecutive months, each with month-on-month and
    year-on-year change of spend (a shorter list gives changes where it can)."""
    lines = []
    start = max(len(months) - MONTHS_SHOWN, 0)
    for index in range(start, len(months)):
        current = months[index].total_fen
        previous = months[index - 1].total_fen if index >= 1 else 0
        year_ago = months[index - 12].total_fen if index >= 12 else 0
        lines.append(
            MonthLine(
                usage=months[index],
                mom_percent=change_percent(current, previous),
                yoy_percent=change_percent(current, year_ago),
            )
        )
    return lines


@dataclass
class CustomerUsage:
    customer: Customer
    month: dt.date  # the latest month shown; rankings are of this month
    lines: list[MonthLine]
    top_by_spend: list[selectors.SubscriberFigure] = field(default_factory=list)
    top_by_change: list[selectors.SubscriberFigure] = field(default_factory=list)
    without_usage: list[Subscriber] = field(default_factory=list)
    without_usage_count: int = 0
    products: list[Product] = field(default_factory=list)
    shows_bills: bool = False

    @property
    def has_usage(self) -> bool:
        return any(line.usage.activity_records or line.usage.total_fen for line in self.lines)

    @property
    def latest(self) -> MonthLine | None:
        return self.lines[-1] if self.lines else None

    @property
    def competitor_calls(self) -> int:
        return sum(line.usage.competitor_service_calls for line in self.lines)

    @property
    def products_monthly_fee(self) -> Decimal:
        return sum((p.monthly_fee for p in self.products), Decimal("0.00"))


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def latest_customer_month(customer: Customer) -> dt.date:
    """The latest month with aggregates (the current month if there are none)."""
    found = CustomerMonth.objects.filter(customer=customer).aggregate(m=Max("month"))["m"]
    return found or this_month()


def _bill_figures(customer: Customer, first: dt.date, last: dt.date) -> dict[dt.date, list[int]]:
    """Per month: billed total, arrears and group-product revenue (current versions).

    Group products have no number of their own, so they are billed on the account's
    own bill (no subscriber): their revenue is that bill's value-added fees.
    """
    figures: dict[dt.date, list[int]] = {}
    bills = Bill.objects.filter(customer=customer, is_current=True, month__range=(first, last))
    for bill in bills.only(
        "month", "total_fen", "paid_fen", "subscriber_id", "value_added_fee_fen"
    ):
        row = figures.setdefault(bill.month, [0, 0, 0])
        row[0] += bill.total_fen
        row[1] += bill.arrears_fen
        if bill.subscriber_id is None:
            row[2] += bill.value_added_fee_fen
    return figures


def _with_bills(lines: list[MonthLine], figures: dict[dt.date, list[int]]) -> list[MonthLine]:
    out = []
    for line in lines:
        billed, arrears, products = figures.get(line.month, [0, 0, 0])
        out.append(
            MonthLine(
                usage=line.usage,
                mom_percent=line.mom_percent,
                yoy_percent=line.yoy_percent,
                billed_fen=billed,
                arrears_fen=arrears,
                products_fen=products,
            )
        )
    return out


def customer_usage(*, user: User, customer_id: int, month: dt.date | None = None) -> CustomerUsage:
    """The usage panel's figures of one customer (``Http404`` outside scope or permission)."""
    customer = customer_get(user=user, customer_id=customer_id)
    last = month or latest_customer_month(customer)
    first = month_add(last, -(2 * MONTHS_SHOWN - 1))
    months = selectors.usage_months_of_customer(
        user=user, customer_id=customer.pk, first=first, last=last
    )
    lines = month_lines(months)
    shows_bills = can(user, "view", "bill")
    if shows_bills:
        lines = _with_bills(lines, _bill_figures(customer, lines[0].month, last))
    result = CustomerUsage(customer=customer, month=last, lines=lines, shows_bills=shows_bills)
    result.top_by_spend = selectors.top_subscribers_by_spend(
        user=user, customer_id=customer.pk, month=last
    )
    result.top_by_change = selectors.top_subscribers_by_change(
        user=user, customer_id=customer.pk, month=last
    )
    if can(user, "view", "subscriber"):
        idle = selectors.subscribers_without_usage(user=user, customer_id=customer.pk, month=last)
        result.without_usage_count = idle.count()
        result.without_usage = list(idle[:NO_USAGE_SHOWN])
    result.products = [p for p in products_of(user=user, customer=customer) if p.status == "active"]
    return result


@dataclass
class SubscriberUsage:
    subscriber: Subscriber
    month: dt.date
    lines: list[MonthLine]
    billed: dict[dt.date, int] = field(default_factory=dict)

    @property
    def has_usage(self) -> bool:
        return any(line.usage.activity_records or line.usage.total_fen for line in self.lines)


def subscriber_usage(*, user: User, subscriber_pk: int) -> SubscriberUsage:
    """A subscriber's last twelve months (``Http404`` outside scope or permission)."""
    subscriber = subscriber_get(user=user, subscriber_pk=subscriber_pk)
    found = SubscriberMonth.objects.filter(subscriber=subscriber).aggregate(m=Max("month"))["m"]
    last = found or this_month()
    first = month_add(last, -(2 * MONTHS_SHOWN - 1))
    months = selectors.usage_months_of_subscriber(
        user=user, subscriber_pk=subscriber.pk, first=first, last=last
    )
    result = SubscriberUsage(subscriber=subscriber, month=last, lines=month_lines(months))
    if can(user, "view", "bill"):
        rows = (
            Bill.objects.filter(subscriber=subscriber, is_current=True, month__gte=first)
            .values("month")
            .annotate(total=Sum("total_fen"))
        )
        result.billed = {row["month"]: int(row["total"] or 0) for row in rows}
    return result


def _yuan_float(fen: int) -> float:
    # Charts only: the table and the export beside them carry the exact Decimal yuan.
    return round(fen / 100, 2)


def chart_data(lines: list[MonthLine], labels: dict[str, str]) -> dict[str, Any]:
    """The figures the charts draw (passed to the page with ``json_script``)."""
    return {
        "labels": labels,
        "months": [f"{line.month:%Y-%m}" for line in lines],
        "voice_fen": [_yuan_float(line.usage.voice_fen) for line in lines],
        "sms_fen": [_yuan_float(line.usage.sms_fen) for line in lines],
        "data_fen": [_yuan_float(line.usage.data_fen) for line in lines],
        "other_fen": [_yuan_float(line.usage.other_fen) for line in lines],
        "total": [_yuan_float(line.usage.total_fen) for line in lines],
        "voice_minutes": [line.voice_minutes for line in lines],
        "sms": [line.sms for line in lines],
        "data_mb": [float(line.data_mb) for line in lines],
        "roaming": [line.usage.roaming_records for line in lines],
        "mom": [None if line.mom_percent is None else float(line.mom_percent) for line in lines],
        "yoy": [None if line.yoy_percent is None else float(line.yoy_percent) for line in lines],
    }
