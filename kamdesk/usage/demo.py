"""The demo's usage: fifteen months of CDRs, bills and subscriber events, ingested for real.

The files are generated under ``$KAM_VAR_DIR/demo/usage/`` (deterministic for a seed and
a month) and go through the same ingestion as an operator's files (``usage_ingest``),
so the warehouse, the manifest, the aggregates and the pages are what they would be in
production. The story the data tells, for the later capabilities to find:

- the province's lines use voice, SMS and data with seasons and a weekly rhythm;
- the lines of accounts at risk (and of a few more) decline over the last months, call
  the competitors' service numbers 10010 and 10000, request port-out authorisation
  codes, downgrade their plans and cancel;
- a bill was corrected after a dispute (version 2 replaces version 1 in totals).

Every line gets records, at a volume sized so that ``kam demo`` stays quick; small
customers and VIPs get richer records than the lines of the largest groups.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from kamdesk.customers.models import Customer, CustomerStatus, Product, Subscriber
from kamdesk.usage.changes import month_add
from kamdesk.usage.demo_cdr import Lines, MonthCdrs, month_cdrs, peer_pool
from kamdesk.usage.holders import subscriber_periods
from kamdesk.usage.parsing import BILL_COLUMNS, EVENT_COLUMNS
from kamdesk.usage.services import usage_ingest

MONTHS = 15  # a year to show, and three more for the year-on-year change
TARGET_RECORDS = 1_600_000  # the whole year (generation and ingestion: about 30 s here)
RICH_LINES = 80  # customers with at most this many lines get richer records
LINE_BILLS = 40  # ... and with at most this many, a bill per line (else per account)
EXTRA_DECLINING = 3


@dataclass
class Story:
    """Who declines, and from which month (index into ``MONTHS``)."""

    decline_from: dict[int, int]  # customer pk → month index


@dataclass
class Province:
    subscribers: list[Subscriber]  # one per line (holding period), in period order
    lines: Lines
    story: Story
    months: list[dt.date]
    itemised: np.ndarray  # bool per line: billed line by line (else on the account's bill)


def _months(today: dt.date) -> list[dt.date]:
    """The whole months before the current one."""
    current = today.replace(day=1)
    return [month_add(current, i - MONTHS) for i in range(MONTHS)]


def _story(rng: random.Random) -> Story:
    at_risk = list(
        Customer.objects.filter(status=CustomerStatus.AT_RISK)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    active = list(
        Customer.objects.filter(status=CustomerStatus.ACTIVE, kind="group")
        .annotate(n=Count("subscribers"))
        .filter(n__gte=10)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    decline = {pk: rng.randint(MONTHS - 7, MONTHS - 4) for pk in at_risk}
    for pk in rng.sample(active, min(EXTRA_DECLINING, len(active))):
        decline[pk] = MONTHS - 3  # an early sign: only the last three months fall
    return Story(decline_from=decline)


def _province(*, seed: int, today: dt.date) -> Province:
    rng = random.Random(f"{seed}:usage")
    story = _story(rng)
    periods = subscriber_periods()
    by_pk = Subscriber.objects.select_related("plan", "customer", "account").in_bulk(
        [p.subscriber_pk for p in periods]
    )
    subscribers = [by_pk[p.subscriber_pk] for p in periods]
    sizes = dict(
        Subscriber.objects.values("customer").annotate(n=Count("pk")).values_list("customer", "n")
    )
    np_rng = np.random.default_rng([seed, 1])
    intensity = np_rng.lognormal(0.0, 0.5, len(subscribers))
    rich = np.array(
        [sizes.get(s.customer_id, 0) <= RICH_LINES or s.customer.kind == "vip" for s in subscribers]
    )
    intensity = np.where(rich, intensity * 3.0, intensity)
    itemised = np.array(
        [sizes.get(s.customer_id, 0) <= LINE_BILLS or s.customer.kind == "vip" for s in subscribers]
    )
    lines = Lines(
        numbers=pa.array([p.number for p in periods], pa.string()),
        valid_from=np.array([p.valid_from for p in periods], "datetime64[D]"),
        valid_until=np.array([p.valid_until for p in periods], "datetime64[D]"),
        intensity=intensity,
        iot=np.array([bool(s.plan and s.plan.code.startswith("IOT")) for s in subscribers]),
        decline_from=np.array([story.decline_from.get(s.customer_id, 99) for s in subscribers]),
        peers=peer_pool(np_rng, 20_000),
    )
    return Province(
        subscribers=subscribers,
        lines=lines,
        story=story,
        months=_months(today),
        itemised=itemised,
    )


def _volume(province: Province) -> float:
    """The scale that makes the year about ``TARGET_RECORDS`` records."""
    first, last = province.months[0], month_add(province.months[-1], 1)
    lo = np.maximum(province.lines.valid_from, np.datetime64(first, "D"))
    hi = np.minimum(province.lines.valid_until, np.datetime64(last, "D"))
    held_months = np.clip((hi - lo).astype(np.int64), 0, None) / 30.4
    per_month = np.where(province.lines.iot, 3, 24)
    expected = float((province.lines.intensity * held_months * per_month).sum())
    return TARGET_RECORDS / expected if expected else 1.0


# --- files --------------------------------------------------------------------------


def _write_cdrs(province: Province, folder: Path, seed: int) -> tuple[list[MonthCdrs], int]:
    folder.mkdir(parents=True, exist_ok=True)
    volume = _volume(province)
    results, rows = [], 0
    for index, month in enumerate(province.months):
        cdrs = month_cdrs(province.lines, index=index, month=month, volume=volume, seed=seed)
        path = folder / f"cdr-{month:%Y-%m}.parquet"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            pq.write_table(cdrs.table, tmp, compression="zstd")
            tmp.replace(path)
        rows += cdrs.table.num_rows
        cdrs.table = pa.table({})  # the fees stay for the bills; the rows are on disk
        results.append(cdrs)
    return results, rows


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def _bill_row(
    bill_id: str,
    version: int,
    account: str,
    subscriber: str,
    month: dt.date,
    fees: dict[str, int],
    paid_share: float,
) -> dict[str, str]:
    basic = fees["plan_fee"] + fees["voice_fee"] + fees["sms_fee"] + fees["roaming_fee"]
    added = fees["data_fee"] + fees["value_added_fee"]
    total = basic + added + fees["adjustment"] - fees["discount"]
    paid = int(total * paid_share)
    row = {name: _yuan(value) for name, value in fees.items()}
    row |= {
        "bill_id": bill_id,
        "version": str(version),
        "account_code": account,
        "subscriber_id": subscriber,
        "month": f"{month:%Y-%m}",
        "total": _yuan(total),
        "vat_basic": _yuan(round(max(basic - fees["discount"], 0) * 9 / 109)),
        "vat_value_added": _yuan(round(added * 6 / 106)),
        "paid": _yuan(paid),
        "balance": _yuan(paid - total),
        "due_date": f"{month_add(month, 1) + dt.timedelta(days=19):%Y-%m-%d}",
    }
    return row


def _paid_share(province: Province, customer_pk: int, index: int) -> float:
    """The last month is still being paid; leaving accounts stop paying."""
    if index == MONTHS - 1:
        return 0.6
    leaving = province.story.decline_from.get(customer_pk, 99)
    return 0.0 if index >= leaving + 2 else 1.0


def _product_fees(month: dt.date) -> dict[int, int]:
    """Monthly fees of the active group products, per billing account, in fen."""
    fees: dict[int, int] = {}
    for product in Product.objects.filter(status="active", account__isnull=False):
        account = product.account_id
        if account is None or (product.started_on and product.started_on > month):
            continue
        fees[account] = fees.get(account, 0) + int(product.monthly_fee * 100)
    return fees


_FEES = ("plan_fee", "voice_fee", "sms_fee", "data_fee", "roaming_fee", "value_added_fee")


def _line_fees(s: Subscriber, usage: MonthCdrs, i: int) -> dict[str, int]:
    plan = int(s.plan.monthly_fee * 100) if s.plan else 0
    return {
        "plan_fee": plan,
        "voice_fee": int(usage.voice_fen[i]),
        "sms_fee": int(usage.sms_fen[i]),
        "data_fee": int(usage.data_fen[i]),
        "roaming_fee": int(usage.roaming_fen[i]),
        "value_added_fee": 0,
        "adjustment": 0,
        "discount": plan // 10 if s.customer.kind == "group" else 0,
    }


def _bills(province: Province, cdrs: list[MonthCdrs]) -> list[dict[str, str]]:
    """Each month: a bill per line of the richly recorded customers; for the others (and
    for group products) one bill per account, as a BOSS export of a large group has."""
    rows: list[dict[str, str]] = []
    for index, (month, usage) in enumerate(zip(province.months, cdrs, strict=True)):
        lo, hi = np.datetime64(month, "D"), np.datetime64(month_add(month, 1), "D")
        held = (province.lines.valid_from < hi) & (province.lines.valid_until > lo)
        rolled: dict[int, dict[str, int]] = {}
        for i in map(int, np.flatnonzero(held)):
            s = province.subscribers[i]
            fees = _line_fees(s, usage, i)
            if province.itemised[i]:
                share = _paid_share(province, s.customer_id, index)
                bill_id = f"B{month:%Y%m}-{s.subscriber_id}"
                rows.append(
                    _bill_row(bill_id, 1, s.account.code, s.subscriber_id, month, fees, share)
                )
            else:
                total = rolled.setdefault(s.account_id, dict.fromkeys(fees, 0))
                for name, value in fees.items():
                    total[name] += value
        rows += _account_bills(province, month, index, rolled)
    return rows


def _account_bills(
    province: Province, month: dt.date, index: int, rolled: dict[int, dict[str, int]]
) -> list[dict[str, str]]:
    from kamdesk.customers.models import Account

    products = _product_fees(month)
    accounts = Account.objects.in_bulk(set(products) | set(rolled))
    rows = []
    for pk in sorted(accounts):
        account = accounts[pk]
        fees = rolled.get(pk) or dict.fromkeys((*_FEES, "adjustment", "discount"), 0)
        fees["value_added_fee"] += products.get(pk, 0)
        share = _paid_share(province, account.customer_id, index)
        bill_id = f"B{month:%Y%m}-{account.code}"
        rows.append(_bill_row(bill_id, 1, account.code, "", month, fees, share))
    return rows


def _fen(text: str) -> int:
    negative = text.startswith("-")
    whole, cents = text.lstrip("-").split(".")
    value = int(whole) * 100 + int(cents)
    return -value if negative else value


def _correction(rows: list[dict[str, str]], months: list[dt.date]) -> list[dict[str, str]]:
    """Version 2 of one account bill two months back: a refund after a billing dispute.

    The showcase customer's account bill if there is one (managers demo it), else the
    first account bill of that month.
    """
    from kamdesk.customers.demo.province import SHOWCASE_NAME

    month = f"{months[-2]:%Y-%m}"
    showcase = set(
        Customer.objects.filter(name=SHOWCASE_NAME).values_list("accounts__code", flat=True)
    )
    candidates = [r for r in rows if r["month"] == month and not r["subscriber_id"]]
    candidates.sort(key=lambda r: (r["account_code"] not in showcase, r["bill_id"]))
    if not candidates:
        return []
    row = candidates[0]
    fees = {name: _fen(row[name]) for name in (*_FEES, "adjustment", "discount")}
    fees["adjustment"] = -min(_fen(row["total"]) // 5, 12000)
    return [_bill_row(row["bill_id"], 2, row["account_code"], "", months[-2], fees, paid_share=1.0)]


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)
    return path


# --- events -------------------------------------------------------------------------

_DETAILS = {
    "activation": "营业厅开户",
    "joined_group": "加入集团统付",
    "cancellation": "客户申请销户",
    "port_out_code_requested": "发送 SQXZ 短信申请携号转网授权码",
    "ported_out": "携号转出",
    "plan_downgrade": "套餐降档",
    "plan_upgrade": "套餐升档",
    "service_added": "订购流量加油包",
    "service_removed": "退订集团彩铃",
    "suspension": "欠费停机",
    "resumption": "缴费复机",
    "contract_expiring": "合约计划 30 天内到期",
}


def _event(key: str, s: Subscriber, when: dt.datetime, kind: str) -> dict[str, str]:
    return {
        "event_id": f"EV-{key}-{s.subscriber_id}-{kind}",
        "subscriber_id": s.subscriber_id,
        "number": s.number,
        "time": f"{when:%Y-%m-%d %H:%M:%S}",
        "type": kind,
        "detail": _DETAILS[kind],
    }


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(9, 17), rng.randint(0, 59)))


def _events(province: Province, *, seed: int, today: dt.date) -> list[dict[str, str]]:
    rng = random.Random(f"{seed}:usage-events")
    first, rows = province.months[0], []
    yesterday = today - dt.timedelta(days=1)
    for s in province.subscribers:
        if s.valid_from >= first:
            rows.append(_event("a", s, _at(s.valid_from, rng), "activation"))
            if s.customer.kind == "group":
                rows.append(_event("a", s, _at(s.valid_from, rng), "joined_group"))
        if s.valid_to and first <= s.valid_to <= yesterday:
            rows += _ending(s, rng)
        leaving = province.story.decline_from.get(s.customer_id)
        if leaving is not None and s.valid_to is None:
            rows += _leaving(s, province.months, leaving, rng, yesterday)
        elif s.valid_to is None:
            rows += _ordinary(s, province.months, rng)
    return rows


def _ending(s: Subscriber, rng: random.Random) -> list[dict[str, str]]:
    end = s.valid_to or s.valid_from
    last_day = max(end - dt.timedelta(days=1), s.valid_from)
    if s.status == "ported_out":
        asked = max(last_day - dt.timedelta(days=rng.randint(3, 20)), s.valid_from)
        return [
            _event("e", s, _at(asked, rng), "port_out_code_requested"),
            _event("e", s, _at(last_day, rng), "ported_out"),
        ]
    return [_event("e", s, _at(last_day, rng), "cancellation")]


def _leaving(
    s: Subscriber, months: list[dt.date], leaving: int, rng: random.Random, yesterday: dt.date
) -> list[dict[str, str]]:
    rows = []
    start = months[min(leaving, MONTHS - 1)]
    if rng.random() < 0.3:
        rows.append(
            _event(
                "l", s, _at(start + dt.timedelta(days=rng.randint(0, 25)), rng), "plan_downgrade"
            )
        )
    if rng.random() < 0.15:
        rows.append(
            _event(
                "l", s, _at(start + dt.timedelta(days=rng.randint(0, 25)), rng), "service_removed"
            )
        )
    if rng.random() < 0.22:
        asked = min(months[-2] + dt.timedelta(days=rng.randint(0, 55)), yesterday)
        rows.append(_event("l", s, _at(asked, rng), "port_out_code_requested"))
    return rows


def _ordinary(s: Subscriber, months: list[dt.date], rng: random.Random) -> list[dict[str, str]]:
    rows = []
    draw = rng.random()
    month = months[rng.randrange(MONTHS)]
    day = max(month + dt.timedelta(days=rng.randint(0, 27)), s.valid_from)
    if draw < 0.03:
        rows.append(_event("o", s, _at(day, rng), "plan_upgrade"))
    elif draw < 0.05:
        rows.append(_event("o", s, _at(day, rng), "service_added"))
    elif draw < 0.06:
        rows.append(_event("o", s, _at(day, rng), "suspension"))
        rows.append(
            _event("o", s, _at(day + dt.timedelta(days=rng.randint(1, 6)), rng), "resumption")
        )
    elif draw < 0.065:
        rows.append(
            _event(
                "o",
                s,
                _at(months[-1] + dt.timedelta(days=rng.randint(0, 27)), rng),
                "contract_expiring",
            )
        )
    return rows


# --- the loader ---------------------------------------------------------------------


def usage_demo_load(*, seed: int, today: dt.date) -> str:
    """Generate and ingest the demo year of usage; return a one-line summary."""
    started = time.monotonic()
    province = _province(seed=seed, today=today)
    folder = Path(settings.VAR_DIR) / "demo" / "usage" / f"{seed}-{today:%Y%m}"
    cdrs, records = _write_cdrs(province, folder / "cdr", seed)
    bills = _bills(province, cdrs)
    bills_path = _write_csv(folder / "bills.csv", BILL_COLUMNS, bills)
    fixes_path = _write_csv(
        folder / "bills-corrections.csv", BILL_COLUMNS, _correction(bills, province.months)
    )
    events = _events(province, seed=seed, today=today)
    events_path = _write_csv(folder / "events.csv", EVENT_COLUMNS, events)
    usage_ingest(kind="cdr", paths=[folder / "cdr"], aggregate=False)
    usage_ingest(kind="bills", paths=[bills_path], aggregate=False)
    usage_ingest(kind="bills", paths=[fixes_path], aggregate=False)
    usage_ingest(kind="events", paths=[events_path], aggregate=True)
    return _(
        "Usage: %(records)s call records, %(bills)s bills and %(events)s subscriber events "
        "ingested in %(seconds).0f s."
    ) % {
        "records": f"{records:,}",
        "bills": f"{len(bills):,}",
        "events": f"{len(events):,}",
        "seconds": time.monotonic() - started,
    }
