"""The row rules, in Python and in the bulk SQL, give the same reasons on the same cells."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from kamdesk.usage.cdr_sql import CDR_COLUMNS, CdrSource, cdr_stage_sql
from kamdesk.usage.engines import duckdb_connect
from kamdesk.usage.parsing import (
    CellProblem,
    mobile_prefix,
    parse_cdr_row,
    parse_fen,
    parse_local_time,
)

pytestmark = pytest.mark.nodb

NOW = dt.datetime(2026, 11, 20, 12, 0)
GOOD = {
    "record_id": "R",
    "number": "13800000001",
    "service": "voice",
    "direction": "out",
    "start_time": "2026-09-10 10:00:00",
    "duration_s": "60",
    "volume_kb": "",
    "peer": "13912345678",
    "peer_operator": "",
    "roaming": "",
    "charge": "0.10",
}
CASES = [
    {},
    {"record_id": ""},
    {"record_id": "x" * 65},
    {"number": "+8613800000001"},
    {"number": "0086 13800000001"},
    {"number": "1380000000"},
    {"number": "1440012345678"},
    {"service": "VOICE"},
    {"service": "fax"},
    {"service": ""},
    {"direction": "IN"},
    {"direction": "sideways"},
    {"direction": ""},
    {"service": "data", "direction": "", "peer": "cmnet", "volume_kb": "12.2"},
    {"service": "data", "peer": "bad apn!", "volume_kb": "1"},
    {"service": "data", "volume_kb": "-1", "peer": ""},
    {"service": "data", "volume_kb": "lots", "peer": "cmnet"},
    {"service": "sms", "duration_s": "", "peer": "10086"},
    {"start_time": "2026-09-10T02:00:00Z"},
    {"start_time": "2026-09-10T10:00:00+08:00"},
    {"start_time": "2026-09-10 10:00"},
    {"start_time": "2026-02-30 10:00:00"},
    {"start_time": "2026-09-10"},
    {"start_time": "yesterday"},
    {"start_time": "1999-12-31 23:59:59"},
    {"start_time": "2026-11-22 12:00:00"},
    {"start_time": ""},
    {"duration_s": ""},
    {"duration_s": "-5"},
    {"duration_s": "abc"},
    {"duration_s": "1.5"},
    {"duration_s": " 42 "},
    {"charge": " 3.20 "},
    {"duration_s": "999999"},
    {"peer": "600123"},
    {"peer": "95588"},
    {"peer": "4008123123"},
    {"peer": "+85291234567"},
    {"peer": "025-8456 1234"},
    {"peer": "*#06#"},
    {"peer": "call me"},
    {"peer": ""},
    {"peer_operator": "中国电信"},
    {"peer_operator": "CUCC"},
    {"peer_operator": "martian"},
    {"roaming": "Domestic"},
    {"roaming": "moon"},
    {"charge": "0"},
    {"charge": "12.3"},
    {"charge": "-0.01"},
    {"charge": "0.105"},
    {"charge": "1,234.50"},
    {"charge": "abc"},
    {"charge": ""},
]


def _sql_problems(rows: list[dict[str, str]]) -> list[set[tuple[str, str]]]:
    con = duckdb_connect(memory_limit="256MB")
    table = pa.table({c: [r[c] for r in rows] for c in CDR_COLUMNS})
    con.register("chunk", table.append_column("_row", pa.array(range(len(rows)), pa.int64())))
    con.register(
        "subscribers",
        pa.table(
            {
                "number": ["13800000001", "1440012345678"],
                "valid_from": pa.array([dt.date(2020, 1, 1)] * 2, pa.date32()),
                "valid_until": pa.array([dt.date(9999, 12, 31)] * 2, pa.date32()),
                "subscriber_pk": [1, 2],
                "account_pk": [1, 1],
                "customer_pk": [1, 1],
            }
        ),
    )
    src = CdrSource(
        relation="chunk",
        names={c: c for c in CDR_COLUMNS},
        types=dict.fromkeys(CDR_COLUMNS, "VARCHAR"),
    )
    sql = cdr_stage_sql(src, now_local=NOW, subscribers="subscribers", dropped_months=[])
    found = dict(con.execute(f"SELECT _row, problems FROM ({sql})").fetchall())  # noqa: S608
    return [
        {tuple(p.split(":")) for p in (found[i] or "").split("|") if p}  # type: ignore[misc]
        for i in range(len(rows))
    ]


def test_it_applies_the_same_rules_in_python_and_in_sql():
    rows = [{**GOOD, **case} for case in CASES]
    sql = _sql_problems(rows)
    for row, from_sql in zip(rows, sql, strict=True):
        from_python = set(parse_cdr_row(row, now_local=NOW).problems.items())
        assert from_sql == from_python, row


def test_it_keeps_unusual_but_dialable_peers():
    rows = [
        {**GOOD, **case}
        for case in CASES
        if set(case) == {"peer"} and case["peer"] not in ("call me", "")
    ]
    assert all(problems == set() for problems in _sql_problems(rows))


def test_it_reads_times_as_shanghai_wall_time():
    assert parse_local_time("2026-09-10 10:00:00") == dt.datetime(2026, 9, 10, 10)
    assert parse_local_time("2026-09-10T02:00:00Z") == dt.datetime(2026, 9, 10, 10)
    assert parse_local_time("2026-09-10T10:00:00-04:00") == dt.datetime(2026, 9, 10, 22)
    with pytest.raises(CellProblem, match="in_future"):
        parse_local_time("2026-11-22 00:00:00", now_local=NOW)


def test_it_keeps_money_exact_in_fen():
    assert parse_fen("0.10") == 10
    assert parse_fen("1,234.50") == 123450
    assert parse_fen("-20.00", negative_ok=True) == -2000
    with pytest.raises(CellProblem, match="too_many_decimals"):
        parse_fen("0.105")
    with pytest.raises(CellProblem, match="negative_charge"):
        parse_fen("-1")


def test_it_reads_the_mobile_prefix_of_a_peer():
    assert mobile_prefix("13912345678") == "1391"
    assert mobile_prefix("+8613912345678") == "1391"
    assert mobile_prefix("008613912345678") == "1391"
    assert mobile_prefix("95588") is None


@pytest.mark.parametrize(
    ("decimal_type", "cells", "expected"),
    [
        # Whole fen by type (the usual export): fen straight from the decimal.
        (
            "DECIMAL(12,2)",
            ["0.10", "1234.56", "-1.00"],
            [(10, None), (123456, None), (None, "negative_charge")],
        ),
        ("DECIMAL(16,2)", ["99999999999999.99"], [(9999999999999999, None)]),
        # More decimals than fen, or too wide for the fast path: checked as before.
        ("DECIMAL(12,3)", ["0.105", "0.100"], [(None, "too_many_decimals"), (10, None)]),
        ("DECIMAL(38,2)", ["12.34"], [(1234, None)]),
        ("DECIMAL(10,0)", ["7"], [(700, None)]),
    ],
)
def test_it_reads_typed_decimal_charges_in_fen(decimal_type, cells, expected):
    con = duckdb_connect(memory_limit="256MB")
    values = ", ".join(f"(CAST('{c}' AS {decimal_type}), {i})" for i, c in enumerate(cells))
    con.execute(f"CREATE TABLE money AS SELECT * FROM (VALUES {values}) v(charge, _row)")  # noqa: S608
    con.execute(
        "CREATE TABLE chunk AS SELECT m._row, m.charge, "  # noqa: S608
        + ", ".join(f"'{GOOD[c]}' AS {c}" for c in CDR_COLUMNS if c != "charge")
        + " FROM money m"
    )
    con.register(
        "subscribers",
        pa.table(
            {
                "number": [GOOD["number"]],
                "valid_from": pa.array([dt.date(2020, 1, 1)], pa.date32()),
                "valid_until": pa.array([dt.date(9999, 12, 31)], pa.date32()),
                "subscriber_pk": [1],
                "account_pk": [1],
                "customer_pk": [1],
            }
        ),
    )
    types = {**dict.fromkeys(CDR_COLUMNS, "VARCHAR"), "charge": decimal_type}
    src = CdrSource(relation="chunk", names={c: c for c in CDR_COLUMNS}, types=types)
    sql = cdr_stage_sql(src, now_local=NOW, subscribers="subscribers", dropped_months=[])
    found = con.execute(f"SELECT charge_fen, problems FROM ({sql}) ORDER BY _row").fetchall()  # noqa: S608
    got = [(fen if problems is None else None, _code(problems)) for fen, problems in found]
    assert got == expected


def _code(problems: str | None) -> str | None:
    if problems is None:
        return None
    return ",".join(sorted(p.split(":")[1] for p in problems.split("|")))
