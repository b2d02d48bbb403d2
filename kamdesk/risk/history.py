"""The churn panel from the database: usage aggregates, bills, events, requests,
contacts, contracts and the customers' grades (a system read for the nightly run and
training; pages read through the scoped selectors)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from kamdesk.customers.models import Contract, Customer, Interaction
from kamdesk.risk.features import Panel, panel_build
from kamdesk.usage.models import Bill, CustomerMonth, SubscriberEvent, SubscriberMonth


def _monthly(customer_ids: list[int] | None) -> pd.DataFrame:
    rows = CustomerMonth.objects.all()
    if customer_ids is not None:
        rows = rows.filter(customer_id__in=customer_ids)
    data = pd.DataFrame.from_records(
        rows.values_list(
            "customer_id",
            "month",
            "total_fen",
            "voice_out_minutes",
            "voice_in_minutes",
            "data_kb",
            "sms_out",
            "calls_10010",
            "calls_10000",
            "calls_10099",
            "calls_unicom",
            "calls_telecom",
            "calls_broadnet",
            "voice_out_calls",
        ),
        columns=[
            "customer_id",
            "month",
            "fen",
            "vo",
            "vi",
            "data",
            "sms",
            "c1",
            "c2",
            "c3",
            "u",
            "t",
            "b",
            "out_calls",
        ],
    )
    if data.empty:
        return data
    data["spend"] = data["fen"] / 100
    data["voice"] = data["vo"] + data["vi"]
    data["competitor_calls"] = data["c1"] + data["c2"] + data["c3"]
    data["offnet_calls"] = data["u"] + data["t"] + data["b"]
    return data


def _merge_counts(data: pd.DataFrame, extra: pd.DataFrame, column: str) -> pd.DataFrame:
    if extra.empty:
        data[column] = 0.0
        return data
    merged = data.merge(extra, on=["customer_id", "month"], how="left")
    merged[column] = merged[column].fillna(0.0)
    return merged


def _active_subs(ids: list[int] | None) -> pd.DataFrame:
    rows = SubscriberMonth.objects.filter(activity_records__gt=0)
    if ids is not None:
        rows = rows.filter(customer_id__in=ids)
    counted = rows.values("customer_id", "month").annotate(active_subs=Count("id"))
    return pd.DataFrame.from_records(counted, columns=["customer_id", "month", "active_subs"])


def _arrears(ids: list[int] | None) -> pd.DataFrame:
    rows = Bill.objects.filter(is_current=True)
    if ids is not None:
        rows = rows.filter(customer_id__in=ids)
    summed = rows.values("customer_id", "month").annotate(
        arrears=Sum(F("total_fen") - F("paid_fen"))
    )
    data = pd.DataFrame.from_records(summed, columns=["customer_id", "month", "arrears"])
    data["arrears"] = data["arrears"].clip(lower=0) / 100
    return data


def _requests(ids: list[int] | None) -> pd.DataFrame:
    from kamdesk.tickets.models import Ticket

    rows = Ticket.objects.all()
    if ids is not None:
        rows = rows.filter(customer_id__in=ids)
    counted = (
        rows.annotate(m=TruncMonth("opened_at"))
        .values("customer_id", "m")
        .annotate(requests=Count("id"))
    )
    data = pd.DataFrame.from_records(counted, columns=["customer_id", "m", "requests"])
    data["month"] = [m.date() if isinstance(m, dt.datetime) else m for m in data["m"]]
    return data[["customer_id", "month", "requests"]]


def _events(ids: list[int] | None) -> pd.DataFrame:
    rows = SubscriberEvent.objects.all()
    if ids is not None:
        rows = rows.filter(customer_id__in=ids)
    data = pd.DataFrame.from_records(
        rows.values_list("customer_id", "occurred_at", "type"),
        columns=["customer_id", "occurred_at", "type"],
    )
    from django.utils import timezone

    data["month"] = [timezone.localtime(m).date().replace(day=1) for m in data["occurred_at"]]
    return data


def _dates(pairs: object) -> dict[int, list[dt.date]]:
    out: dict[int, list[dt.date]] = defaultdict(list)
    for cid, day in pairs:  # type: ignore[attr-defined]
        out[int(cid)].append(day.date() if isinstance(day, dt.datetime) else day)
    return dict(out)


def _static(ids: list[int] | None) -> pd.DataFrame:
    rows = Customer.objects.all()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    data = pd.DataFrame.from_records(
        rows.values_list("pk", "grade__code", "kind", "credit_tier", "months_on_network"),
        columns=["customer_id", "grade", "kind", "credit_tier", "tenure_months"],
    )
    return data.set_index("customer_id")


def _visits(ids: list[int] | None) -> list[tuple[int, dt.datetime]]:
    """Completed visits (the visits capability), for the recency of contact."""
    try:
        from kamdesk.visits.models import Visit
    except ImportError:
        return []
    rows = Visit.objects.filter(status="completed", completed_at__isnull=False)
    if ids is not None:
        rows = rows.filter(customer_id__in=ids)
    return list(rows.values_list("customer_id", "completed_at"))  # type: ignore[arg-type]


def panel_load(*, customer_ids: list[int] | None = None) -> Panel | None:
    """The panel of every customer with usage aggregates (or of ``customer_ids``)."""
    data = _monthly(customer_ids)
    if data.empty:
        return None
    for extra, column in (
        (_active_subs(customer_ids), "active_subs"),
        (_arrears(customer_ids), "arrears"),
        (_requests(customer_ids), "requests"),
    ):
        data = _merge_counts(data, extra, column)
    contacts = Interaction.objects.all()
    contracts = Contract.objects.all()
    if customer_ids is not None:
        contacts = contacts.filter(customer_id__in=customer_ids)
        contracts = contracts.filter(customer_id__in=customer_ids)
    pairs = list(contacts.values_list("customer_id", "occurred_at")) + _visits(customer_ids)
    return panel_build(
        data,
        events=_events(customer_ids),
        static=_static(customer_ids),
        contacts=_dates(pairs),
        contracts=_dates(contracts.values_list("customer_id", "expires_on")),
    )
