"""Who held a number when: the subscribers' validity periods, for resolving usage rows.

Numbers are recycled, so a record belongs to the subscriber whose period
``valid_from <= day < valid_to`` holds the record's local date. Periods of one number
should not overlap; if the customer data has overlaps, the later period wins from its
start (the earlier one is cut there), so every day has at most one holder and a join
cannot count a record twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from kamdesk.customers.models import Subscriber

OPEN_END = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class Period:
    number: str
    valid_from: dt.date
    valid_until: dt.date
    subscriber_pk: int
    account_pk: int
    customer_pk: int


def subscriber_periods() -> list[Period]:
    """Every subscriber's period, sorted by number and start, overlaps cut."""
    rows = Subscriber.objects.order_by("number", "valid_from", "pk").values_list(
        "number", "valid_from", "valid_to", "pk", "account_id", "customer_id"
    )
    periods: list[Period] = []
    for number, start, end, pk, account, customer in rows.iterator(chunk_size=20_000):
        if periods and periods[-1].number == number and periods[-1].valid_until > start:
            last = periods[-1]
            periods[-1] = Period(
                last.number,
                last.valid_from,
                start,
                last.subscriber_pk,
                last.account_pk,
                last.customer_pk,
            )
        periods.append(Period(number, start, end or OPEN_END, pk, account, customer))
    return periods


def periods_table(periods: list[Period]) -> pa.Table:
    """The periods as an Arrow table for the ingestion join."""
    return pa.table(
        {
            "number": pa.array([p.number for p in periods], pa.string()),
            "valid_from": pa.array([p.valid_from for p in periods], pa.date32()),
            "valid_until": pa.array([p.valid_until for p in periods], pa.date32()),
            "subscriber_pk": pa.array([p.subscriber_pk for p in periods], pa.int64()),
            "account_pk": pa.array([p.account_pk for p in periods], pa.int64()),
            "customer_pk": pa.array([p.customer_pk for p in periods], pa.int64()),
        }
    )


class HolderIndex:
    """Row-by-row lookups (events): the period holding a number on a day."""

    def __init__(self, periods: list[Period]) -> None:
        self._by_number: dict[str, list[Period]] = {}
        for period in periods:
            self._by_number.setdefault(period.number, []).append(period)
        self._starts = {n: [p.valid_from for p in ps] for n, ps in self._by_number.items()}

    def holder(self, number: str, day: dt.date) -> Period | None:
        periods = self._by_number.get(number)
        if not periods:
            return None
        index = bisect.bisect_right(self._starts[number], day) - 1
        if index < 0 or day >= periods[index].valid_until:
            return None
        return periods[index]
