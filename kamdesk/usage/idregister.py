"""The register of record ids already in the warehouse. Pure: no Django import.

A small DuckDB database beside the CDR files (``ids.duckdb``) holds, for each month, the
64-bit hash of the record id of every CDR in that month's registered files. Ingestion
checks a file's new records against it instead of reading the ids of every stored file
of the months touched again (which grows with the warehouse, file after file):

- a hash not in the register is a new record;
- a hash in it makes the record a *candidate* repeat, checked exactly against the stored
  files (two different ids can share a hash; that is rare and only costs the check).

The register may hold more than the warehouse (a run that died after adding to it and
before registering its files), never less: ids are added before the manifest commit.
The hash is DuckDB's ``hash()``, which a new DuckDB release may change: the register
records the version that built it and is rebuilt from the stored files when it differs
(or when the file is missing, as in a warehouse written before the register existed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from kamdesk.usage.cdr_sql import quote_literal

FILE_NAME = "ids.duckdb"
ALIAS = "reg"


def _version() -> str:
    return f"duckdb {duckdb.__version__}"


def _listed(paths: Sequence[str | Path]) -> str:
    return ", ".join(quote_literal(str(p)) for p in paths)


def register_attach(
    con: duckdb.DuckDBPyConnection, root: Path, *, stored: Sequence[tuple[dt.date, Path]]
) -> None:
    """Attach the register as ``reg``; (re)build it from ``stored`` (month, file) when it is
    missing or was built by another DuckDB version."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / FILE_NAME
    con.execute(f"ATTACH {quote_literal(str(path))} AS {ALIAS}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {ALIAS}.meta (version VARCHAR)")
    con.execute(f"CREATE TABLE IF NOT EXISTS {ALIAS}.ids (month DATE, h UBIGINT)")
    built = con.execute(f"SELECT version FROM {ALIAS}.meta").fetchall()  # noqa: S608
    if built and built[0][0] == _version():
        return
    con.execute("BEGIN")
    con.execute(f"DELETE FROM {ALIAS}.ids")  # noqa: S608
    con.execute(f"DELETE FROM {ALIAS}.meta")  # noqa: S608
    if stored:
        con.execute(
            f"INSERT INTO {ALIAS}.ids SELECT local_month, hash(record_id) "  # noqa: S608
            f"FROM read_parquet([{_listed([p for _m, p in stored])}])"
        )
    con.execute(f"INSERT INTO {ALIAS}.meta VALUES ({quote_literal(_version())})")  # noqa: S608
    con.execute("COMMIT")


def register_candidates(con: duckdb.DuckDBPyConnection, *, new: str) -> tuple[int, int]:
    """(hashes repeated inside ``new``, hashes of ``new`` already registered).

    ``new`` names a relation (month, h) of the file's good records; the candidate hashes
    are left in temp tables ``dup_h`` and ``seen_h``.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE dup_h AS "  # noqa: S608
        f"SELECT h FROM {new} GROUP BY h HAVING count(*) > 1"
    )
    con.execute(
        # The file's hashes are the build side; the register's rows stream past them.
        "CREATE OR REPLACE TEMP TABLE seen_h AS SELECT DISTINCT r.h "  # noqa: S608
        f"FROM {ALIAS}.ids r SEMI JOIN {new} n ON r.month = n.month AND r.h = n.h"
    )
    dup = con.execute("SELECT count(*) FROM dup_h").fetchall()[0][0]
    seen = con.execute("SELECT count(*) FROM seen_h").fetchall()[0][0]
    return int(dup), int(seen)


def register_add(con: duckdb.DuckDBPyConnection, *, new: str) -> None:
    """Add the (month, h) rows of ``new``; durable when this returns."""
    con.execute(f"INSERT INTO {ALIAS}.ids SELECT month, h FROM {new}")  # noqa: S608
    con.execute(f"CHECKPOINT {ALIAS}")


def register_drop_months(root: Path, months: Sequence[dt.date]) -> None:
    """Forget the months whose records retention dropped."""
    path = root / FILE_NAME
    if not months or not path.exists():
        return
    con = duckdb.connect(str(path))
    try:
        listed = ", ".join(f"DATE {quote_literal(m.isoformat())}" for m in months)
        con.execute(f"DELETE FROM ids WHERE month IN ({listed})")  # noqa: S608
        con.execute("CHECKPOINT")
    finally:
        con.close()
