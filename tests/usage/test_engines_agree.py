"""Spark and DuckDB give identical aggregates on the same warehouse files (to the fen)."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow as pa
import pytest

from kamdesk.usage.aggregation import compute_aggregates
from kamdesk.usage.cdr_sql import CDR_COLUMNS, WAREHOUSE_COLUMNS, CdrSource, cdr_stage_sql
from kamdesk.usage.engines import duckdb_connect, engine_for
from kamdesk.usage.operators import DEFAULT_PREFIXES
from tests.usage.data import cdr_rows

pytestmark = [pytest.mark.nodb, pytest.mark.spark]

NUMBERS = [f"1380000{i:04d}" for i in range(12)]
# Two overlapping closed user groups reached by peers the generated rows dial: a member
# outside the files by number (13912345678) and members by short number (600123, 12345).
CUG = [
    *[(1, pk, NUMBERS[pk - 1], "600123" if pk == 2 else f"6{pk:02d}") for pk in range(1, 7)],
    (1, 99, "13912345678", ""),
    *[(2, pk, NUMBERS[pk - 1], "12345" if pk == 7 else "") for pk in range(5, 13)],
]


def _warehouse_files(tmp_path) -> list[str]:
    """Warehouse CDR files made by the ingestion SQL from generated rows (no database)."""
    rows = cdr_rows(NUMBERS, months=[(2026, 8), (2026, 9)], per_month=1500, seed=3)
    con = duckdb_connect(memory_limit="512MB")
    table = pa.table({c: [r[c] for r in rows] for c in CDR_COLUMNS})
    con.register("chunk", table.append_column("_row", pa.array(range(len(rows)), pa.int64())))
    con.register(
        "subscribers",
        pa.table(
            {
                "number": NUMBERS,
                "valid_from": pa.array([dt.date(2020, 1, 1)] * len(NUMBERS), pa.date32()),
                "valid_until": pa.array([dt.date(9999, 12, 31)] * len(NUMBERS), pa.date32()),
                "subscriber_pk": list(range(1, 13)),
                "account_pk": [1 + i // 4 for i in range(12)],
                "customer_pk": [1 + i // 8 for i in range(12)],
            }
        ),
    )
    src = CdrSource(
        relation="chunk",
        names={c: c for c in CDR_COLUMNS},
        types=dict.fromkeys(CDR_COLUMNS, "VARCHAR"),
    )
    sql = cdr_stage_sql(
        src, now_local=dt.datetime(2026, 11, 20), subscribers="subscribers", dropped_months=[]
    )
    out = tmp_path / "cdr"
    con.execute(
        f"COPY (SELECT {', '.join(WAREHOUSE_COLUMNS)} FROM ({sql}) "  # noqa: S608
        f"WHERE problems IS NULL) TO '{out}' (FORMAT parquet, PARTITION_BY (local_month), "
        "WRITE_PARTITION_COLUMNS true)"
    ).fetchall()
    files = sorted(out.glob("*/*.parquet"))
    # Plain directory names, as in the warehouse (Spark reads key=value folders as columns).
    plain = []
    for index, path in enumerate(files):
        target = tmp_path / f"part-{index}.parquet"
        shutil.move(path, target)
        plain.append(str(target))
    return plain


def test_it_gets_identical_aggregates_from_spark_and_duckdb(tmp_path):
    files = _warehouse_files(tmp_path)

    duck = compute_aggregates(
        engine_for("duckdb", memory_limit="512MB"), files, DEFAULT_PREFIXES, CUG
    )
    spark = compute_aggregates(engine_for("spark"), files, DEFAULT_PREFIXES, CUG)

    assert (
        set(duck)
        == set(spark)
        == {"subscriber_monthly", "account_monthly", "customer_monthly", "subscriber_daily"}
    )
    for name in duck:
        assert duck[name].num_rows > 0
        assert duck[name].schema == spark[name].schema, name
        assert duck[name].equals(spark[name]), name
    customers = duck["customer_monthly"]
    cug_minutes = pa.compute.sum(customers["voice_out_cug_minutes"]).as_py()
    assert 0 < cug_minutes < pa.compute.sum(customers["voice_out_minutes"]).as_py()
    total = pa.compute.sum(duck["customer_monthly"]["total_fen"]).as_py()
    assert total == pa.compute.sum(duck["subscriber_daily"]["total_fen"]).as_py()
