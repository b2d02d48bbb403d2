"""Validation of usage input rows: CDRs, bills and subscriber events. Pure: no Django import.

Every rule gives a reason code per column; ``REASONS`` turns codes into messages (marked
for translation with ``gettext_noop`` and translated where a report is written). CDRs
are validated in bulk by the SQL of ``cdr_sql``, which applies the same rules as the
Python functions here (``tests/usage/test_parsing.py`` checks both on the same cases);
bills and events are few enough to validate row by row here.

Times: ``YYYY-MM-DD HH:MM:SS`` is Asia/Shanghai wall time; ISO 8601 with an offset
(``2026-03-01T10:00:00+08:00``, ``…Z``) is converted. China has kept UTC+8 without
daylight saving since 1991, and times before 2000 are refused, so the conversion is a
fixed eight hours.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kamdesk.usage.operators import BROADNET, CMCC, OTHER, TELECOM, UNICOM


def gettext_noop(message: str) -> str:
    """Marks a message for translation (``makemessages`` finds it by this name)."""
    return message


SHANGHAI_OFFSET = dt.timedelta(hours=8)
EARLIEST = dt.datetime(2000, 1, 1)

SERVICES = ("voice", "sms", "data")
DIRECTIONS = ("out", "in")
ROAMING = ("none", "domestic", "international")

OPERATOR_ALIASES: dict[str, str] = {
    **dict.fromkeys(["cmcc", "china mobile", "mobile", "cm", "移动", "中国移动"], CMCC),
    **dict.fromkeys(["unicom", "cucc", "china unicom", "cu", "联通", "中国联通"], UNICOM),
    **dict.fromkeys(["telecom", "ctcc", "china telecom", "ct", "电信", "中国电信"], TELECOM),
    **dict.fromkeys(["broadnet", "cbn", "china broadnet", "广电", "中国广电"], BROADNET),
    **dict.fromkeys(["other", "international", "intl", "其他", "国际"], OTHER),
}

DIAL_PATTERN = r"[+]?[0-9*#]{1,32}"
APN_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
NUMBER_PATTERN = r"1[0-9]{10}([0-9]{2})?"
MAX_DURATION_S = 2 * 86400

REASONS: dict[str, str] = {
    "missing": gettext_noop("Missing value"),
    "missing_column": gettext_noop("Column missing from the file"),
    "too_long": gettext_noop("Too long"),
    "not_mobile": gettext_noop("Not a mobile number"),
    "no_subscriber": gettext_noop("No subscriber held this number at that time"),
    "unknown_service": gettext_noop("Unknown service (voice, sms or data)"),
    "unknown_direction": gettext_noop("Unknown direction (out or in)"),
    "not_a_time": gettext_noop("Not a date and time"),
    "impossible_time": gettext_noop("Impossible time (before 2000)"),
    "in_future": gettext_noop("Time in the future"),
    "month_dropped": gettext_noop("Month already past retention"),
    "not_whole_number": gettext_noop("Not a whole number"),
    "not_a_number": gettext_noop("Not a number"),
    "negative": gettext_noop("Negative value"),
    "not_dialable": gettext_noop("Not a dialable number"),
    "not_apn": gettext_noop("Not an APN"),
    "unknown_operator": gettext_noop("Unknown operator"),
    "unknown_roaming": gettext_noop("Unknown roaming (none, domestic or international)"),
    "not_money": gettext_noop("Not an amount in yuan"),
    "too_many_decimals": gettext_noop("More than two decimals"),
    "negative_charge": gettext_noop("Negative charge"),
    "total_mismatch": gettext_noop("Total does not add up"),
    "not_a_month": gettext_noop("Not a month (YYYY-MM)"),
    "not_a_date": gettext_noop("Not a date (YYYY-MM-DD)"),
    "unknown_account": gettext_noop("Unknown billing account"),
    "unknown_subscriber": gettext_noop("Unknown subscriber"),
    "wrong_account": gettext_noop("Subscriber is not of this account's customer"),
    "unknown_type": gettext_noop("Unknown event type"),
    "duplicate_in_file": gettext_noop("Same id earlier in the file"),
}

EVENT_TYPE_ALIASES: dict[str, str] = {
    "activation": "activation",
    "开户": "activation",
    "入网": "activation",
    "cancellation": "cancellation",
    "销户": "cancellation",
    "拆机": "cancellation",
    "port_out_code_requested": "port_out_code_requested",
    "携号转网授权码申请": "port_out_code_requested",
    "授权码申请": "port_out_code_requested",
    "ported_out": "ported_out",
    "携出": "ported_out",
    "携号转出": "ported_out",
    "plan_upgrade": "plan_upgrade",
    "套餐升档": "plan_upgrade",
    "plan_downgrade": "plan_downgrade",
    "套餐降档": "plan_downgrade",
    "service_added": "service_added",
    "业务订购": "service_added",
    "service_removed": "service_removed",
    "业务退订": "service_removed",
    "suspension": "suspension",
    "停机": "suspension",
    "resumption": "resumption",
    "复机": "resumption",
    "joined_group": "joined_group",
    "加入集团": "joined_group",
    "left_group": "left_group",
    "退出集团": "left_group",
    "contract_expiring": "contract_expiring",
    "合约到期": "contract_expiring",
}


class CellProblem(ValueError):
    """A value failed a rule; ``code`` is a key of ``REASONS``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- single values ------------------------------------------------------------------


def parse_local_time(text: str | None, *, now_local: dt.datetime | None = None) -> dt.datetime:
    """Asia/Shanghai wall time (naive) of a CDR or event time; raises ``CellProblem``."""
    value = (text or "").strip()
    if not value:
        raise CellProblem("missing")
    if ":" not in value:
        raise CellProblem("not_a_time")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CellProblem("not_a_time") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None) + SHANGHAI_OFFSET
    if parsed < EARLIEST:
        raise CellProblem("impossible_time")
    if now_local is not None and parsed > now_local + dt.timedelta(days=1):
        raise CellProblem("in_future")
    return parsed


def local_to_utc(local: dt.datetime) -> dt.datetime:
    """An aware UTC datetime from Asia/Shanghai wall time (UTC+8, no DST since 1991)."""
    return (local - SHANGHAI_OFFSET).replace(tzinfo=dt.UTC)


def utc_to_local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None) + SHANGHAI_OFFSET


def parse_fen(
    text: str | None, *, negative_ok: bool = False, required: bool = True, strict: bool = False
) -> int:
    """Yuan (``12.30``, ``-5``; ``1,234.50`` and ``¥`` unless ``strict``) as integer fen.

    At most two decimals. CDRs are machine exports and are read ``strict``, as in SQL.
    """
    value = (text or "").strip()
    if not strict:
        value = value.replace(",", "").replace("¥", "").replace("￥", "")
    if not value:
        if required:
            raise CellProblem("missing")
        return 0
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise CellProblem("not_money") from exc
    if not amount.is_finite():
        raise CellProblem("not_money")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise CellProblem("too_many_decimals")
    if fen < 0 and not negative_ok:
        raise CellProblem("negative_charge")
    return int(fen)


def parse_whole(text: str | None, *, required: bool = True, default: int = 0) -> int:
    value = (text or "").strip()
    if not value:
        if required:
            raise CellProblem("missing")
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise CellProblem("not_whole_number") from exc
    if number < 0:
        raise CellProblem("negative")
    return number


def parse_month(text: str | None) -> dt.date:
    """``YYYY-MM`` (or ``YYYYMM``) as the first day of that month."""
    value = (text or "").strip()
    match = re.fullmatch(r"(\d{4})-?(\d{2})", value)
    if not match:
        raise CellProblem("missing" if not value else "not_a_month")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 2000:
        raise CellProblem("not_a_month")
    return dt.date(year, month, 1)


def parse_date(text: str | None, *, required: bool = False) -> dt.date | None:
    value = (text or "").strip()
    if not value:
        if required:
            raise CellProblem("missing")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CellProblem("not_a_date") from exc


def normalise_number(text: str | None) -> str:
    """Our subscriber's number without ``+86``/``0086``; 11 digits (13 for IoT)."""
    value = (text or "").strip()
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    if not value:
        raise CellProblem("missing")
    if not re.fullmatch(NUMBER_PATTERN, value):
        raise CellProblem("not_mobile")
    return value


def normalise_peer(service: str, text: str | None) -> str:
    """The other party as dialled: any dialable string for voice/SMS, an APN for data."""
    value = (text or "").strip()
    if service == "data":
        if value and not re.fullmatch(APN_PATTERN, value):
            raise CellProblem("not_apn")
        return value
    if not re.fullmatch(DIAL_PATTERN, value):
        value = re.sub(r"[ ()\-]", "", value)
    if not value:
        raise CellProblem("missing")
    if not re.fullmatch(DIAL_PATTERN, value):
        raise CellProblem("not_dialable")
    return value


def mobile_prefix(peer: str) -> str | None:
    """The first four digits of a Chinese mobile peer (``+86``/``0086``/``86`` dropped)."""
    for head, length in (("+86", 14), ("0086", 15), ("86", 13), ("", 11)):
        if len(peer) == length and peer.startswith(head + "1"):
            return peer[len(head) : len(head) + 4]
    return None


def parse_operator(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    if not value:
        return None
    if value not in OPERATOR_ALIASES:
        raise CellProblem("unknown_operator")
    return OPERATOR_ALIASES[value]


def month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


@dataclass
class ParsedRow:
    """A row's parsed values, or its problems (column → reason code)."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def take(self, column: str, parse: object, *args: object, **kwargs: object) -> None:
        try:
            self.values[column] = parse(*args, **kwargs)  # type: ignore[operator]
        except CellProblem as problem:
            self.problems[column] = problem.code


# --- CDRs (the row-by-row twin of cdr_sql) -------------------------------------------


def parse_cdr_row(cells: Mapping[str, str], *, now_local: dt.datetime) -> ParsedRow:
    """One CDR row checked as ``cdr_sql`` checks it in bulk (tests keep the two equal)."""
    row = ParsedRow()
    row.take("record_id", _text, cells.get("record_id"), 64)
    row.take("number", normalise_number, cells.get("number"))
    row.take("service", _choice, cells.get("service"), SERVICES, "unknown_service")
    service = str(row.values.get("service", ""))
    direction = (cells.get("direction") or "").strip().lower()
    if direction or service != "data":
        row.take("direction", _choice, direction, DIRECTIONS, "unknown_direction")
    row.take("start_time", parse_local_time, cells.get("start_time"), now_local=now_local)
    duration = (cells.get("duration_s") or "").strip()
    if duration or service == "voice":
        row.take("duration_s", _duration, duration)
    row.take("volume_kb", _volume, cells.get("volume_kb"))
    row.take("peer", normalise_peer, service, cells.get("peer"))
    row.take("peer_operator", parse_operator, cells.get("peer_operator"))
    roaming = (cells.get("roaming") or "").strip().lower() or "none"
    row.take("roaming", _choice, roaming, ROAMING, "unknown_roaming")
    row.take("charge", parse_fen, cells.get("charge"), strict=True)
    return row


def _choice(text: str | None, allowed: tuple[str, ...], code: str) -> str:
    value = (text or "").strip().lower()
    if not value:
        raise CellProblem("missing")
    if value not in allowed:
        raise CellProblem(code)
    return value


def _duration(text: str | None) -> int:
    seconds = parse_whole(text)
    if seconds > MAX_DURATION_S:
        raise CellProblem("too_long")
    return seconds


def _volume(text: str | None) -> int:
    value = (text or "").strip()
    if not value:
        return 0
    try:
        kilobytes = float(value)
    except ValueError as exc:
        raise CellProblem("not_a_number") from exc
    if kilobytes != kilobytes or kilobytes in (float("inf"), float("-inf")):
        raise CellProblem("not_a_number")
    if kilobytes < 0:
        raise CellProblem("negative")
    return math.ceil(kilobytes)


# --- bills --------------------------------------------------------------------------

BILL_FEES = ("plan_fee", "voice_fee", "sms_fee", "data_fee", "roaming_fee", "value_added_fee")
BILL_AMOUNTS = (
    *BILL_FEES,
    "adjustment",
    "discount",
    "total",
    "vat_basic",
    "vat_value_added",
    "paid",
    "balance",
)
BILL_COLUMNS = (
    "bill_id",
    "version",
    "account_code",
    "subscriber_id",
    "month",
    *BILL_AMOUNTS,
    "due_date",
)
BILL_REQUIRED = ("bill_id", "version", "account_code", "month", "total")
# Adjustments and refunds may be negative (and so may a total they exceed); an account's
# balance may be either sign. Fees and discounts may not.
_SIGNED = {"adjustment", "balance", "total"}


def parse_bill_row(cells: Mapping[str, str]) -> ParsedRow:
    """One bill row: amounts as fen, the total checked against its parts."""
    row = ParsedRow()
    row.take("bill_id", _text, cells.get("bill_id"), 40)
    row.take("version", _version, cells.get("version"))
    row.take("account_code", _text, cells.get("account_code"), 32)
    row.values["subscriber_id"] = (cells.get("subscriber_id") or "").strip()
    row.take("month", parse_month, cells.get("month"))
    for name in BILL_AMOUNTS:
        row.take(
            name, parse_fen, cells.get(name), negative_ok=name in _SIGNED, required=name == "total"
        )
    row.take("due_date", parse_date, cells.get("due_date"))
    if not row.problems and _bill_total(row.values) != row.values["total"]:
        row.problems["total"] = "total_mismatch"
    return row


def _bill_total(values: Mapping[str, object]) -> int:
    parts = sum(int(values[name]) for name in BILL_FEES)  # type: ignore[call-overload]
    return parts + int(values["adjustment"]) - int(values["discount"])  # type: ignore[call-overload]


def _text(text: str | None, limit: int) -> str:
    value = (text or "").strip()
    if not value:
        raise CellProblem("missing")
    if len(value) > limit:
        raise CellProblem("too_long")
    return value


def _version(text: str | None) -> int:
    version = parse_whole(text)
    if version < 1:
        raise CellProblem("not_whole_number")
    return version


# --- events -------------------------------------------------------------------------

EVENT_COLUMNS = ("event_id", "subscriber_id", "number", "time", "type", "detail")
EVENT_REQUIRED = ("event_id", "time", "type")


def parse_event_row(cells: Mapping[str, str], *, now_local: dt.datetime) -> ParsedRow:
    """One event row; the subscriber is found later by id, or by number and time."""
    row = ParsedRow()
    row.take("event_id", _text, cells.get("event_id"), 64)
    row.values["subscriber_id"] = (cells.get("subscriber_id") or "").strip()
    number = (cells.get("number") or "").strip()
    row.values["number"] = ""
    if number or not row.values["subscriber_id"]:
        row.take("number", normalise_number, number)
    row.take("time", parse_local_time, cells.get("time"), now_local=now_local)
    row.take("type", _event_type, cells.get("type"))
    row.values["detail"] = (cells.get("detail") or "").strip()[:500]
    return row


def _event_type(text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        raise CellProblem("missing")
    found = EVENT_TYPE_ALIASES.get(value.lower()) or EVENT_TYPE_ALIASES.get(value)
    if found is None:
        raise CellProblem("unknown_type")
    return found
