"""The ingestion's fast path stores exactly the rows the full query marks ``fast``, with
the values the full query gives them, and every one of them is a row the full query
accepts: whatever the fast path leaves over, the full query decides as before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamdesk.usage.cdr_sql import (
    CDR_COLUMNS,
    WAREHOUSE_COLUMNS,
    CdrSource,
    cdr_fast_sql,
    cdr_stage_sql,
)
from kamdesk.usage.engines import duckdb_connect
from tests.usage.test_parsing import CASES, GOOD, NOW

pytestmark = pytest.mark.nodb

SUBSCRIBERS = pa.table(
    {
        "number": ["13800000001", "1440012345678", "13800000002"],
        "valid_from": pa.array(
            [dt.date(2020, 1, 1), dt.date(2020, 1, 1), dt.date(2026, 9, 5)], pa.date32()
        ),
        "valid_until": pa.array(
            [dt.date(9999, 12, 31), dt.date(9999, 12, 31), dt.date(9999, 12, 31)], pa.date32()
        ),
        "subscriber_pk": [1, 2, 3],
        "account_pk": [1, 1, 2],
        "customer_pk": [1, 1, 2],
    }
)

# Each cell drawn from canonical values, spellings the full query normalises, and bad ones.
CELLS = {
    "record_id": ["R1", "R2", "", "x" * 65, " R3"],
    "number": [
        "13800000001",
        "13800000002",
        "1440012345678",
        "+8613800000001",
        " 13800000001",
        "13900000000",
        "",
        "abc",
    ],
    "service": ["voice", "sms", "data", "Voice", " data", "fax", ""],
    "direction": ["out", "in", "", "IN", " out", "up"],
    "start_time": [
        "2026-09-10 10:00:00",
        "2026-09-01 00:00:00",
        "2026-09-10T02:00:00Z",
        "2026-02-30 10:00:00",
        "1999-12-31 23:59:59",
        "2026-11-22 12:00:00",
        "",
    ],
    "duration_s": ["60", "0", "", "-5", "1.5", " 42 ", "999999"],
    "volume_kb": ["", "12", "12.2", "-1", "lots"],
    "peer": [
        "13912345678",
        "10010",
        "+85291234567",
        "*#06#",
        "cmnet",
        "ims",
        "CMNET",
        "025-8456 1234",
        "call me",
        "",
    ],
    "peer_operator": ["", "cmcc", "unicom", "CUCC", "中国电信", "martian"],
    "roaming": ["", "none", "domestic", "international", "Domestic", "moon"],
    "charge": ["0.10", "0", "12.3", "-0.01", "0.105", "1,234.50", " 3.20 ", "abc", ""],
}


def _outcomes(rows: list[dict[str, str]], *, typed: bool = False) -> tuple[list, list]:
    """(fast path rows, full query rows) by row number: warehouse values and problems,
    plus the full query's ``fast``."""
    con = duckdb_connect(memory_limit="256MB")
    columns = {c: [r[c] for r in rows] for c in CDR_COLUMNS}
    types = dict.fromkeys(CDR_COLUMNS, "VARCHAR")
    if typed:
        # A typed export: charges as DECIMAL(12,2), durations as integers (rows whose
        # cells such a file could not hold are left out by the caller).
        columns["charge"] = pa.array([Decimal(v) for v in columns["charge"]], pa.decimal128(12, 2))
        columns["duration_s"] = pa.array([int(v) for v in columns["duration_s"]], pa.int64())
        types.update(charge="DECIMAL(12,2)", duration_s="BIGINT")
    table = pa.table(columns).append_column("_row", pa.array(range(len(rows)), pa.int64()))
    con.register("chunk", table)
    con.register("subscribers", SUBSCRIBERS)
    src = CdrSource(relation="chunk", names={c: c for c in CDR_COLUMNS}, types=types)
    args = {"now_local": NOW, "subscribers": "subscribers", "dropped_months": ["2026-08-01"]}
    out = ", ".join(WAREHOUSE_COLUMNS)
    fast = con.execute(
        f"SELECT _row, {out}, problems FROM ({cdr_fast_sql(src, **args)}) ORDER BY _row"  # noqa: S608
    ).fetchall()
    full = con.execute(
        f"SELECT _row, {out}, problems, fast FROM ({cdr_stage_sql(src, **args)}) ORDER BY _row"  # noqa: S608
    ).fetchall()
    con.close()
    return fast, full


def _check(rows: list[dict[str, str]], *, typed: bool = False) -> int:
    fast, full = _outcomes(rows, typed=typed)
    assert len(fast) == len(full) == len(rows)
    stored = 0
    for row, by_fast, by_full in zip(rows, fast, full, strict=True):
        took = by_fast[-1] is None
        assert by_full[-1] == took, row  # the full query knows which rows the fast took
        if took:
            stored += 1
            assert by_full[-2] is None, (row, by_full[-2])  # ... and accepts them
            assert by_fast[:-1] == by_full[:-2], row  # ... with the same values
        else:
            assert by_fast[-1] == "slow"
    return stored


def test_the_fast_path_takes_canonical_rows_and_leaves_the_rest():
    rows = [{**GOOD, **case} for case in CASES]
    stored = _check(rows)
    taken = {i for i, (r, c) in enumerate(zip(rows, CASES, strict=True)) if not c}
    assert stored >= len(taken)
    # Rows the full query must normalise are left to it, though it accepts them.
    fast, _full = _outcomes(rows)
    by_case = {tuple(sorted(c.items())): f[-1] for c, f in zip(CASES, fast, strict=True)}
    assert by_case[()] is None
    for normalised in (
        {"service": "VOICE"},
        {"number": "+8613800000001"},
        {"peer": "025-8456 1234"},
        {"start_time": "2026-09-10T02:00:00Z"},
        {"peer_operator": "中国电信"},
        {"roaming": "Domestic"},
    ):
        assert by_case[tuple(sorted(normalised.items()))] == "slow"


def test_months_dropped_by_retention_are_not_taken():
    rows = [{**GOOD, "start_time": "2026-08-10 10:00:00"}, GOOD]
    fast, full = _outcomes(rows)
    assert [f[-1] for f in fast] == ["slow", None]
    assert full[0][-2] == "start_time:month_dropped"


def test_a_recycled_number_goes_to_the_holder_of_the_day():
    rows = [
        {**GOOD, "number": "13800000002", "start_time": "2026-09-04 23:59:59"},
        {**GOOD, "number": "13800000002", "start_time": "2026-09-05 00:00:00"},
    ]
    fast, _full = _outcomes(rows)
    assert [(f[2], f[-1]) for f in fast] == [(None, "slow"), (3, None)]
    _check(rows)


# Canonical values of each cell (the first ones of ``CELLS``, good as they come).
CANONICAL = {
    "record_id": ["R1", "R2"],
    "number": ["13800000001", "13800000002", "1440012345678"],
    "service": ["voice", "sms", "data"],
    "direction": ["out", "in", ""],
    "start_time": ["2026-09-10 10:00:00", "2026-09-01 00:00:00"],
    "duration_s": ["60", "0", ""],
    "volume_kb": ["", "12"],
    "peer": ["13912345678", "10010", "+85291234567", "*#06#", "cmnet", "ims"],
    "peer_operator": ["", "cmcc", "unicom"],
    "roaming": ["", "none", "domestic", "international"],
    "charge": ["0.10", "0", "12.3"],
}


def _rows(cells: dict[str, list[str]]) -> st.SearchStrategy[list[dict[str, str]]]:
    """Rows mostly canonical, each with up to three cells drawn from ``cells``."""
    canonical = st.fixed_dictionaries({c: st.sampled_from(v) for c, v in CANONICAL.items()})
    changes = st.dictionaries(st.sampled_from(list(cells)), st.integers(0, 99), max_size=3).map(
        lambda picks: {c: cells[c][i % len(cells[c])] for c, i in picks.items()}
    )
    row = st.tuples(canonical, changes).map(lambda pair: {**pair[0], **pair[1]})
    return st.lists(row, min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(_rows(CELLS))
def test_any_mix_of_cells_is_decided_alike(rows):
    _check(rows)


TYPED_CELLS = {
    **CELLS,
    "duration_s": ["60", "0", "-5", "999999"],
    "charge": ["0.10", "0", "12.3", "-0.01"],
}


@settings(max_examples=30, deadline=None)
@given(_rows(TYPED_CELLS))
def test_typed_cells_are_decided_alike(rows):
    rows = [{**r, "duration_s": r["duration_s"] or "0"} for r in rows]
    _check(rows, typed=True)
