"""The usage aggregates as Ibis expressions, written once for every engine. Pure.

Input: an Ibis table of warehouse CDRs (columns ``cdr_sql.WAREHOUSE_COLUMNS``), the
operator table from ``operator_table`` and the closed-user-group table from
``cug_table``. Output: one row per subscriber, account or customer and month (or
subscriber and day), with the columns of ``models.UsageMetrics`` — counts, seconds, KB
and fen, all 64-bit integers so DuckDB and Spark give the same answer to the fen.

Only constructs that both backends compile the same way are used: comparisons,
``ifelse``, ``sum``, ``max``, ``nunique``, ``distinct``, the length, start and substring
of the peer, a left join on its 4-digit prefix and the equi-joins of the closed user
groups below, and the integer floor division of the billed minutes (no ``bucket``, no
string-to-time parsing, no hashing; local times were stored at ingestion).

Outgoing voice calls inside a closed user group (V网) are marked by one left join of the
records on (caller, dialled number): the pairs come from the group table alone (every
member with every way of dialling a member of the same group, made distinct), so no
call counts twice however many groups the caller and the peer share, and the records
are read once. The pairs grow with the square of a group's size (a group of 1,000
members with short numbers gives 2,000,000), which a hash join takes in its stride.

Definitions (docs/usage.md): calls to an operator and to competitors' service numbers
count outgoing voice calls; the operator is the network's ``peer_operator`` when the
export had it, else the number prefix's (an estimate, counted in
``operator_estimated_calls``); activity is voice calls and SMS in both directions;
night is 23:00–07:00 local time; the weekend is Saturday and Sunday. A call is in the
closed user group when the caller and the peer belong to the same group, the peer
dialled as the member's number (national or with +86, 0086 or 86) or as the member's
short number in that group.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ibis
import pyarrow as pa

from kamdesk.usage.cdr_sql import SECONDS_PER_BILLED_MINUTE
from kamdesk.usage.operators import (
    BROADNET,
    CMCC,
    COMPETITOR_SERVICE_NUMBERS,
    OTHER,
    TELECOM,
    UNICOM,
    expand_to_four_digits,
)

METRIC_COLUMNS = (
    "voice_out_calls",
    "voice_in_calls",
    "voice_out_seconds",
    "voice_in_seconds",
    "voice_out_minutes",
    "voice_in_minutes",
    "voice_out_cug_calls",
    "voice_out_cug_minutes",
    "sms_out",
    "sms_in",
    "data_sessions",
    "data_kb",
    "voice_fen",
    "sms_fen",
    "data_fen",
    "total_fen",
    "roaming_records",
    "intl_roaming_records",
    "roaming_fen",
    "calls_cmcc",
    "calls_unicom",
    "calls_telecom",
    "calls_broadnet",
    "calls_other",
    "operator_estimated_calls",
    "calls_10010",
    "calls_10000",
    "calls_10099",
    "activity_records",
    "night_records",
    "weekend_records",
)
NAMED_OPERATORS = (CMCC, UNICOM, TELECOM, BROADNET)


def operator_table(prefixes: dict[str, str]) -> ibis.Table:
    """The 4-digit prefix → operator table as an in-memory Ibis table."""
    four = expand_to_four_digits(prefixes)
    return ibis.memtable(
        pa.table({"op_prefix": list(four), "prefix_operator": list(four.values())})
    )


def cug_table(members: Iterable[tuple[int, int, str, str]]) -> ibis.Table:
    """The closed-user-group members as an in-memory Ibis table.

    ``members`` are (group, subscriber, number, short number) tuples; each member gives
    one row per way of dialling it in its group: its number, and its short number if it
    has one. An empty table is valid (no call is then in a group).
    """
    rows = sorted(
        {
            (group, subscriber, dial)
            for group, subscriber, number, short in members
            for dial in (number, short)
            if dial
        }
    )
    return ibis.memtable(
        pa.table(
            {
                "cug_pk": pa.array([r[0] for r in rows], pa.int64()),
                "member_pk": pa.array([r[1] for r in rows], pa.int64()),
                "member_dial": pa.array([r[2] for r in rows], pa.string()),
            }
        )
    )


def national_peer(t: ibis.Table) -> Any:
    """The peer of a call as dialled, with a +86, 0086 or 86 before an 11-digit mobile
    number taken off, so that it compares with a subscriber's number."""
    peer, size = t.peer, t.peer.length()
    return ibis.cases(
        ((size == 14) & peer.startswith("+861"), peer.substr(3, 11)),
        ((size == 15) & peer.startswith("00861"), peer.substr(4, 11)),
        ((size == 13) & peer.startswith("861"), peer.substr(2, 11)),
        else_=peer,
    )


def peer_prefix(t: ibis.Table) -> Any:
    """The four digits after the country code of a mobile peer (calls and SMS), else NULL;
    the peer is stored as dialled, without spaces or dashes."""
    peer, size = t.peer, t.peer.length()
    mobile = t.service != "data"
    return ibis.cases(
        (mobile & (size == 11) & peer.startswith("1"), peer.substr(0, 4)),
        (mobile & (size == 14) & peer.startswith("+861"), peer.substr(3, 4)),
        (mobile & (size == 15) & peer.startswith("00861"), peer.substr(4, 4)),
        (mobile & (size == 13) & peer.startswith("861"), peer.substr(2, 4)),
        else_=ibis.null().cast("string"),
    )


def _with_operator(cdr: ibis.Table, operators: ibis.Table) -> ibis.Table:
    cdr = cdr.mutate(peer_prefix=peer_prefix(cdr))
    joined = cdr.left_join(operators, cdr.peer_prefix == operators.op_prefix)
    return joined.select(
        *[joined[c] for c in cdr.columns],
        operator=ibis.coalesce(joined.peer_operator, joined.prefix_operator, ibis.literal(OTHER)),
    )


def _with_cug(t: ibis.Table, cug: ibis.Table) -> ibis.Table:
    """``t`` with ``in_cug``: an outgoing voice call to a member of a closed user group
    the caller belongs to."""
    t = t.mutate(dialled=national_peer(t))
    own = cug.select(own_cug=cug.cug_pk, caller_pk=cug.member_pk).distinct()
    reach = cug.select(reach_cug=cug.cug_pk, dialled_peer=cug.member_dial)
    joined = own.join(reach, own.own_cug == reach.reach_cug)
    inside = joined.select("caller_pk", "dialled_peer").distinct()
    marked = t.left_join(
        inside, [t.subscriber_pk == inside.caller_pk, t.dialled == inside.dialled_peer]
    )
    return marked.select(
        *[marked[c] for c in t.columns if c != "dialled"],
        in_cug=marked.caller_pk.notnull(),
    )


def billed_minutes(t: ibis.Table) -> Any:
    """A voice call's started minutes, 0 for SMS and data (``cdr_sql.billed_minutes_sql``
    in SQL): derived from the duration when read, not stored."""
    per = SECONDS_PER_BILLED_MINUTE
    minutes = ((t.duration_s + (per - 1)) // per).cast("int64")
    return (t.service == "voice").ifelse(minutes, 0)


def _enriched(cdr: ibis.Table, operators: ibis.Table, cug: ibis.Table) -> ibis.Table:
    cdr = cdr.mutate(billed_min=billed_minutes(cdr))
    return _with_cug(_with_operator(cdr, operators), cug)


def _count(condition: Any) -> Any:
    return condition.ifelse(1, 0).cast("int64").sum()


def _total(column: Any, condition: Any) -> Any:
    return condition.ifelse(column, 0).cast("int64").sum()


def _metrics(t: ibis.Table) -> dict[str, Any]:
    """The additive figures of a group of CDR rows."""
    voice, sms, data = t.service == "voice", t.service == "sms", t.service == "data"
    out = t.direction == "out"
    voice_out, voice_in = voice & out, voice & ~out
    roaming = t.roaming != "none"
    activity = voice | sms
    night = (t.local_hour >= 23) | (t.local_hour < 7)
    metrics: dict[str, Any] = {
        "voice_out_calls": _count(voice_out),
        "voice_in_calls": _count(voice_in),
        "voice_out_seconds": _total(t.duration_s, voice_out),
        "voice_in_seconds": _total(t.duration_s, voice_in),
        "voice_out_minutes": _total(t.billed_min, voice_out),
        "voice_in_minutes": _total(t.billed_min, voice_in),
        "voice_out_cug_calls": _count(voice_out & t.in_cug),
        "voice_out_cug_minutes": _total(t.billed_min, voice_out & t.in_cug),
        "sms_out": _count(sms & out),
        "sms_in": _count(sms & ~out),
        "data_sessions": _count(data),
        "data_kb": _total(t.volume_kb, data),
        "voice_fen": _total(t.charge_fen, voice),
        "sms_fen": _total(t.charge_fen, sms),
        "data_fen": _total(t.charge_fen, data),
        "total_fen": t.charge_fen.cast("int64").sum(),
        "roaming_records": _count(roaming),
        "intl_roaming_records": _count(t.roaming == "international"),
        "roaming_fen": _total(t.charge_fen, roaming),
        **{f"calls_{op}": _count(voice_out & (t.operator == op)) for op in NAMED_OPERATORS},
        "calls_other": _count(voice_out & ~t.operator.isin(NAMED_OPERATORS)),
        "operator_estimated_calls": _count(voice_out & t.peer_operator.isnull()),
        **{f"calls_{n}": _count(voice_out & (t.peer == n)) for n in COMPETITOR_SERVICE_NUMBERS},
        "activity_records": _count(activity),
        "night_records": _count(activity & night),
        "weekend_records": _count(activity & (t.weekday >= 6)),
    }
    return metrics


def _distinct_peers(t: ibis.Table) -> Any:
    return t.peer.nunique(where=(t.service == "voice") | (t.service == "sms")).cast("int64")


def subscriber_monthly(cdr: ibis.Table, operators: ibis.Table, cug: ibis.Table) -> ibis.Table:
    """One row per subscriber and month (its account and customer as ingested)."""
    t = _enriched(cdr, operators, cug)
    return t.group_by(["local_month", "subscriber_pk"]).aggregate(
        account_pk=t.account_pk.max(),
        customer_pk=t.customer_pk.max(),
        distinct_peers=_distinct_peers(t),
        **_metrics(t),
    )


def account_monthly(cdr: ibis.Table, operators: ibis.Table, cug: ibis.Table) -> ibis.Table:
    t = _enriched(cdr, operators, cug)
    return t.group_by(["local_month", "account_pk"]).aggregate(
        customer_pk=t.customer_pk.max(), distinct_peers=_distinct_peers(t), **_metrics(t)
    )


def customer_monthly(cdr: ibis.Table, operators: ibis.Table, cug: ibis.Table) -> ibis.Table:
    t = _enriched(cdr, operators, cug)
    return t.group_by(["local_month", "customer_pk"]).aggregate(
        distinct_peers=_distinct_peers(t), **_metrics(t)
    )


def subscriber_daily(cdr: ibis.Table, operators: ibis.Table, cug: ibis.Table) -> ibis.Table:
    """One row per subscriber and day: the monthly figures without distinct peers."""
    t = _enriched(cdr, operators, cug)
    return t.group_by(["local_month", "local_date", "subscriber_pk"]).aggregate(
        account_pk=t.account_pk.max(), customer_pk=t.customer_pk.max(), **_metrics(t)
    )


AGGREGATES = {
    "subscriber_monthly": subscriber_monthly,
    "account_monthly": account_monthly,
    "customer_monthly": customer_monthly,
    "subscriber_daily": subscriber_daily,
}

SORT_KEYS = {
    "subscriber_monthly": ["local_month", "subscriber_pk"],
    "account_monthly": ["local_month", "account_pk"],
    "customer_monthly": ["local_month", "customer_pk"],
    "subscriber_daily": ["local_date", "subscriber_pk"],
}
