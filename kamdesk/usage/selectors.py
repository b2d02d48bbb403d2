"""Reads of usage for pages, the API and other capabilities (risk, statements, adviser).

Every function takes the user and checks the access scope through
``kamdesk.customers.selectors`` (out of scope is ``Http404``), then the permission for
the kind of data: ``usage`` for aggregates, ``call_record`` for itemised records,
``bill`` for bills. Results are plain dataclasses; money is integer fen (``*_yuan``
properties give Decimal yuan). Numbers are returned as stored: masking is the job of
the template filter or API schema that shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from kamdesk.audit.services import audit_refusal
from kamdesk.customers.models import Account, Customer, Subscriber
from kamdesk.customers.selectors import customer_get, scoped_related, subscriber_get
from kamdesk.usage import manifest
from kamdesk.usage.cdr_sql import billed_minutes_sql, quote_literal
from kamdesk.usage.engines import duckdb_connect
from kamdesk.usage.models import (
    AccountMonth,
    Bill,
    CustomerMonth,
    SubscriberEvent,
    SubscriberMonth,
    UsageMetrics,
    fen_to_yuan,
)
from kamdesk.usage.queries import METRIC_COLUMNS
from kamdesk.usage.warehouse import Layout
from kamdesk.users.models import User
from kamdesk.users.permissions import can

USAGE, CALL_RECORD, BILL = "usage", "call_record", "bill"


@dataclass(frozen=True)
class UsageMonth:
    """One month of usage of a customer, account or subscriber (all figures integers)."""

    month: dt.date
    voice_out_calls: int = 0
    voice_in_calls: int = 0
    voice_out_seconds: int = 0
    voice_in_seconds: int = 0
    voice_out_minutes: int = 0
    voice_in_minutes: int = 0
    voice_out_cug_calls: int = 0
    voice_out_cug_minutes: int = 0
    sms_out: int = 0
    sms_in: int = 0
    data_sessions: int = 0
    data_kb: int = 0
    voice_fen: int = 0
    sms_fen: int = 0
    data_fen: int = 0
    total_fen: int = 0
    roaming_records: int = 0
    intl_roaming_records: int = 0
    roaming_fen: int = 0
    distinct_peers: int = 0
    calls_cmcc: int = 0
    calls_unicom: int = 0
    calls_telecom: int = 0
    calls_broadnet: int = 0
    calls_other: int = 0
    operator_estimated_calls: int = 0
    calls_10010: int = 0
    calls_10000: int = 0
    calls_10099: int = 0
    activity_records: int = 0
    night_records: int = 0
    weekend_records: int = 0

    @property
    def total_yuan(self) -> Decimal:
        return fen_to_yuan(self.total_fen)

    @property
    def other_fen(self) -> int:
        """Spend not attributed to voice, SMS or data (none today; kept for composition)."""
        return self.total_fen - self.voice_fen - self.sms_fen - self.data_fen

    @property
    def competitor_service_calls(self) -> int:
        return self.calls_10010 + self.calls_10000 + self.calls_10099

    @property
    def operator_estimated(self) -> bool:
        return self.operator_estimated_calls > 0

    @property
    def night_share(self) -> float:
        return self.night_records / self.activity_records if self.activity_records else 0.0

    @property
    def day_share(self) -> float:
        return 1.0 - self.night_share if self.activity_records else 0.0

    @property
    def weekend_share(self) -> float:
        return self.weekend_records / self.activity_records if self.activity_records else 0.0

    @property
    def weekday_share(self) -> float:
        return 1.0 - self.weekend_share if self.activity_records else 0.0


_FIGURES = [f.name for f in fields(UsageMonth) if f.name != "month"]


def _usage_month(row: UsageMetrics) -> UsageMonth:
    return UsageMonth(month=row.month, **{name: getattr(row, name) for name in _FIGURES})


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first-of-month from ``first`` to ``last`` inclusive."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def _filled(rows: list[UsageMetrics], first: dt.date, last: dt.date) -> list[UsageMonth]:
    """One entry per month of the range; a month without usage is all zeros."""
    found = {row.month: _usage_month(row) for row in rows}
    return [found.get(month, UsageMonth(month=month)) for month in month_range(first, last)]


def _need(user: User, kind: str) -> None:
    if not can(user, "view", kind):
        # A refused read of communication data is an insider-risk signal (E1).
        audit_refusal(actor=user, data_kind=kind, extra={"action": "view"})
        raise Http404("Not found")


def _customer(user: User, customer_id: int, kind: str) -> Customer:
    customer = customer_get(user=user, customer_id=customer_id)
    _need(user, kind)
    return customer


def _subscriber(user: User, subscriber_pk: int, kind: str) -> Subscriber:
    subscriber = subscriber_get(user=user, subscriber_pk=subscriber_pk)
    _need(user, kind)
    return subscriber


# --- monthly usage ------------------------------------------------------------------


def usage_months_of_customer(
    *, user: User, customer_id: int, first: dt.date, last: dt.date
) -> list[UsageMonth]:
    customer = _customer(user, customer_id, USAGE)
    rows = CustomerMonth.objects.filter(customer=customer, month__range=(first, last))
    return _filled(list(rows), first, last)


def usage_months_of_account(
    *, user: User, account_pk: int, first: dt.date, last: dt.date
) -> list[UsageMonth]:
    account = scoped_related(user=user, model=Account, kind="account", pk=account_pk)
    _need(user, USAGE)
    rows = AccountMonth.objects.filter(account=account, month__range=(first, last))
    return _filled(list(rows), first, last)


def usage_months_of_subscriber(
    *, user: User, subscriber_pk: int, first: dt.date, last: dt.date
) -> list[UsageMonth]:
    subscriber = _subscriber(user, subscriber_pk, USAGE)
    rows = SubscriberMonth.objects.filter(subscriber=subscriber, month__range=(first, last))
    return _filled(list(rows), first, last)


@dataclass(frozen=True)
class SubscriberFigure:
    """A subscriber of a ranking: its spend this month and the month before (fen)."""

    subscriber_pk: int
    subscriber_id: str
    number: str
    user_name: str
    total_fen: int
    previous_fen: int

    @property
    def change_fen(self) -> int:
        return self.total_fen - self.previous_fen


def _month_spend(customer: Customer, month: dt.date) -> dict[int, int]:
    return dict(
        SubscriberMonth.objects.filter(customer=customer, month=month).values_list(
            "subscriber_id", "total_fen"
        )
    )


def _figures(customer: Customer, month: dt.date) -> list[SubscriberFigure]:
    previous_month = (month - dt.timedelta(days=1)).replace(day=1)
    current, previous = _month_spend(customer, month), _month_spend(customer, previous_month)
    pks = set(current) | set(previous)
    subscribers = Subscriber.objects.filter(pk__in=pks).only(
        "pk", "subscriber_id", "number", "user_name"
    )
    return [
        SubscriberFigure(
            subscriber_pk=s.pk,
            subscriber_id=s.subscriber_id,
            number=s.number,
            user_name=s.user_name,
            total_fen=current.get(s.pk, 0),
            previous_fen=previous.get(s.pk, 0),
        )
        for s in subscribers
    ]


def top_subscribers_by_spend(
    *, user: User, customer_id: int, month: dt.date, limit: int = 10
) -> list[SubscriberFigure]:
    customer = _customer(user, customer_id, USAGE)
    figures = [f for f in _figures(customer, month) if f.total_fen]
    return sorted(figures, key=lambda f: (-f.total_fen, f.subscriber_id))[:limit]


def top_subscribers_by_change(
    *, user: User, customer_id: int, month: dt.date, limit: int = 10
) -> list[SubscriberFigure]:
    """The largest changes of spend against the month before, up or down."""
    customer = _customer(user, customer_id, USAGE)
    figures = [f for f in _figures(customer, month) if f.change_fen]
    return sorted(figures, key=lambda f: (-abs(f.change_fen), f.subscriber_id))[:limit]


def subscribers_without_usage(
    *, user: User, customer_id: int, month: dt.date
) -> QuerySet[Subscriber]:
    """Subscribers who held their number during ``month`` and have no record in it."""
    customer = _customer(user, customer_id, USAGE)
    _need(user, "subscriber")
    month_end = (month + dt.timedelta(days=32)).replace(day=1)
    used = SubscriberMonth.objects.filter(customer=customer, month=month).values("subscriber_id")
    return (
        customer.subscribers.filter(valid_from__lt=month_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=month))
        .exclude(pk__in=used)
        .select_related("account", "plan")
        .order_by("number")
    )


# --- daily usage --------------------------------------------------------------------


def _with_every_metric(table: Any) -> Any:
    """A daily file written before a metric existed reads as zeros for it (the month's
    next recomputation writes it)."""
    import pyarrow as pa

    for name in METRIC_COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.array([0] * table.num_rows, pa.int64()))
    return table


def _daily(month: dt.date, column: str, key: int) -> list[dict[str, Any]]:
    path = Layout(settings.WAREHOUSE_DIR).daily_path(month)
    if not path.exists():
        return []
    import pyarrow.parquet as pq

    table = _with_every_metric(pq.read_table(path, filters=[(column, "=", key)]))
    table = table.sort_by([("local_date", "ascending")])
    if column != "subscriber_pk":
        by_day = table.group_by("local_date").aggregate([(c, "sum") for c in METRIC_COLUMNS])
        table = by_day.rename_columns([n.removesuffix("_sum") for n in by_day.column_names])
        table = table.sort_by([("local_date", "ascending")])
    return table.select(["local_date", *METRIC_COLUMNS]).to_pylist()


def usage_days_of_subscriber(
    *, user: User, subscriber_pk: int, month: dt.date
) -> list[dict[str, Any]]:
    """Daily figures of one subscriber in ``month`` (days without usage are absent)."""
    subscriber = _subscriber(user, subscriber_pk, USAGE)
    return _daily(month, "subscriber_pk", subscriber.pk)


def usage_days_of_customer(*, user: User, customer_id: int, month: dt.date) -> list[dict[str, Any]]:
    customer = _customer(user, customer_id, USAGE)
    return _daily(month, "customer_pk", customer.pk)


# --- itemised records ---------------------------------------------------------------


@dataclass(frozen=True)
class UsageRecord:
    record_id: str
    start: dt.datetime  # Asia/Shanghai wall time
    service: str
    direction: str
    duration_s: int
    billed_min: int
    volume_kb: int
    peer: str
    peer_operator: str | None
    roaming: str
    charge_fen: int

    @property
    def charge_yuan(self) -> Decimal:
        return fen_to_yuan(self.charge_fen)


@dataclass(frozen=True)
class RecordPage:
    items: list[UsageRecord]
    count: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max((self.count + self.page_size - 1) // self.page_size, 1)


_RECORD_COLUMNS = (
    "record_id",
    "start_local",
    "service",
    "direction",
    "duration_s",
    f"{billed_minutes_sql()} AS billed_min",
    "volume_kb",
    "peer",
    "peer_operator",
    "roaming",
    "charge_fen",
)


def subscriber_records(
    *, user: User, subscriber_pk: int, month: dt.date, page: int = 1, page_size: int | None = None
) -> RecordPage:
    """One page of a subscriber's itemised records of ``month``, in time order.

    Read from the month's registered Parquet files. Callers that show the records must
    write the audit event (``services.usage_records_viewed``).
    """
    subscriber = _subscriber(user, subscriber_pk, CALL_RECORD)
    size = page_size or settings.PAGE_SIZE
    page = max(page, 1)
    layout = Layout(settings.WAREHOUSE_DIR)
    files = [str(layout.absolute(f.path)) for f in manifest.cdr_files(months=[month])]
    if not files:
        return RecordPage(items=[], count=0, page=page, page_size=size)
    listed = ", ".join(quote_literal(f) for f in files)
    con = duckdb_connect(memory_limit="512MB", threads=2)
    try:
        source = f"read_parquet([{listed}]) WHERE subscriber_pk = {int(subscriber.pk)}"
        count = con.execute(f"SELECT count(*) FROM {source}").fetchall()[0][0]  # noqa: S608
        rows = con.execute(
            f"SELECT {', '.join(_RECORD_COLUMNS)} FROM {source} "  # noqa: S608
            "ORDER BY start_local, record_id LIMIT ? OFFSET ?",
            [size, (page - 1) * size],
        ).fetchall()
    finally:
        con.close()
    items = [UsageRecord(*row) for row in rows]
    return RecordPage(items=items, count=int(count), page=page, page_size=size)


def subscriber_events(*, user: User, subscriber_pk: int) -> QuerySet[SubscriberEvent]:
    subscriber = _subscriber(user, subscriber_pk, USAGE)
    return SubscriberEvent.objects.filter(subscriber=subscriber).order_by("-occurred_at", "-pk")


def customer_events(
    *, user: User, customer_id: int, types: list[str] | None = None
) -> QuerySet[SubscriberEvent]:
    """Events of all the customer's subscribers (e.g. port-out code requests for risk)."""
    customer = _customer(user, customer_id, USAGE)
    qs = SubscriberEvent.objects.filter(customer=customer).select_related("subscriber")
    if types:
        qs = qs.filter(type__in=types)
    return qs.order_by("-occurred_at", "-pk")


# --- bills --------------------------------------------------------------------------


@dataclass(frozen=True)
class BillMonth:
    """Bill totals of one month (current versions): revenue, paid, arrears, balance."""

    month: dt.date
    total_fen: int
    paid_fen: int
    arrears_fen: int
    balance_fen: int

    @property
    def total_yuan(self) -> Decimal:
        return fen_to_yuan(self.total_fen)


def _bill_months(bills: QuerySet[Bill]) -> list[BillMonth]:
    sums: dict[dt.date, dict[str, int]] = {}
    for bill in bills.filter(is_current=True).only("month", "total_fen", "paid_fen", "balance_fen"):
        month = sums.setdefault(bill.month, {"total": 0, "paid": 0, "arrears": 0, "balance": 0})
        month["total"] += bill.total_fen
        month["paid"] += bill.paid_fen
        month["arrears"] += bill.arrears_fen
        month["balance"] += bill.balance_fen
    return [
        BillMonth(
            month=m,
            total_fen=v["total"],
            paid_fen=v["paid"],
            arrears_fen=v["arrears"],
            balance_fen=v["balance"],
        )
        for m, v in sorted(sums.items())
    ]


def bill_months_of_customer(
    *, user: User, customer_id: int, first: dt.date | None = None, last: dt.date | None = None
) -> list[BillMonth]:
    customer = _customer(user, customer_id, BILL)
    bills = Bill.objects.filter(customer=customer)
    if first:
        bills = bills.filter(month__gte=first)
    if last:
        bills = bills.filter(month__lte=last)
    return _bill_months(bills)


def bill_months_of_account(*, user: User, account_pk: int) -> list[BillMonth]:
    account = scoped_related(user=user, model=Account, kind="account", pk=account_pk)
    _need(user, BILL)
    return _bill_months(Bill.objects.filter(account=account))


def bill_history(*, user: User, customer_id: int, bill_id: str) -> QuerySet[Bill]:
    """Every version of one bill of the customer, oldest first."""
    customer = _customer(user, customer_id, BILL)
    return Bill.objects.filter(customer=customer, bill_id=bill_id).order_by("version")


def revenue_of_customer(*, user: User, customer_id: int, month: dt.date) -> int:
    """The customer's billed revenue of ``month`` in fen (current bill versions)."""
    customer = _customer(user, customer_id, BILL)
    total = Bill.objects.filter(customer=customer, month=month, is_current=True).aggregate(
        total=Sum("total_fen")
    )["total"]
    return int(total or 0)
