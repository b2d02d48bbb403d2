"""Ingesting one CDR file into the warehouse, in bulk with DuckDB.

1. Read the file (CSV in chunks through Arrow, Parquet directly), validate and enrich
   every row, and resolve ``number`` + time to the subscriber who held the number then
   (a join against the subscribers' validity periods) into a staging table.
2. Write refused rows to the quarantine file and their reasons to the report.
3. Drop record ids already in the warehouse (the register of seen ids is the
   ``record_id`` column of that month's registered files) or earlier in the file, and
   write the rest as one Parquet file per month into the work area.
4. Move the files into place (fsync, rename), then register them in the manifest in
   one transaction. A run that dies before that leaves unregistered files, which the
   next run deletes; readers never see them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from kamdesk.usage import manifest
from kamdesk.usage.cdr_sql import (
    CDR_COLUMNS,
    CDR_REQUIRED,
    WAREHOUSE_COLUMNS,
    CdrSource,
    cdr_stage_sql,
    quote_literal,
)
from kamdesk.usage.engines import duckdb_connect
from kamdesk.usage.holders import periods_table, subscriber_periods
from kamdesk.usage.models import Ingestion
from kamdesk.usage.reports import ReportPaths, report_paths, write_reports
from kamdesk.usage.warehouse import (
    InputError,
    Layout,
    content_hash,
    csv_chunks,
    csv_header,
    is_parquet,
    parquet_columns,
    publish,
    sniff_encoding,
)

Progress = Callable[[int, float], None]


@dataclass(frozen=True)
class CdrOptions:
    now_local: dt.datetime
    column_names: dict[str, str]  # source header → our column name
    value_maps: dict[str, dict[str, str]]
    encoding: str | None = None
    chunk_rows: int = 2_000_000


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    # DuckDB 2 keeps a result open until it is fetched to the end: fetch everything.
    return int(con.execute(sql).fetchall()[0][0])


def _source_names(header: list[str], options: CdrOptions) -> dict[str, str]:
    """Our column name → the source's, after the mapping file; refuses a bad header."""
    names: dict[str, str] = {}
    for source_name in header:
        ours = options.column_names.get(source_name, source_name)
        if ours in CDR_COLUMNS and ours not in names:
            names[ours] = source_name
    missing = [c for c in CDR_REQUIRED if c not in names]
    if missing:
        raise InputError(f"columns missing from the file: {', '.join(missing)}")
    return names


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    options: CdrOptions,
    dropped: list[dt.date],
    progress: Progress | None = None,
) -> tuple[int, dict[str, str]]:
    """Fill the temp table ``staged``; return (rows read, our column → source column)."""
    dropped_text = [f"{m:%Y-%m-%d}" for m in dropped]
    started = time.monotonic()
    if is_parquet(path):
        header = parquet_columns(path)
        names = _source_names(header, options)
        con.execute(
            "CREATE OR REPLACE TEMP VIEW source AS SELECT * FROM "  # noqa: S608
            f"read_parquet({quote_literal(str(path))}, file_row_number = true)"
        )
        types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE source)").fetchall()
        )
        src = CdrSource(
            relation="source",
            names=names,
            types=types,
            row="(file_row_number + 1)",
            value_maps=options.value_maps,
        )
        sql = cdr_stage_sql(
            src, now_local=options.now_local, subscribers="subscribers", dropped_months=dropped_text
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {sql}")
        total = _scalar(con, "SELECT count(*) FROM staged")
        if progress:
            progress(total, time.monotonic() - started)
        return total, names
    encoding = sniff_encoding(path, options.encoding)
    header = csv_header(path, encoding)
    names = _source_names(header, options)
    src = CdrSource(
        relation="chunk",
        names=names,
        types=dict.fromkeys(header, "VARCHAR"),
        value_maps=options.value_maps,
    )
    sql = cdr_stage_sql(
        src, now_local=options.now_local, subscribers="subscribers", dropped_months=dropped_text
    )
    empty = pa.table(
        {**{h: pa.array([], pa.string()) for h in header}, "_row": pa.array([], pa.int64())}
    )
    con.register("chunk", empty)
    con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {sql}")
    total = 0
    for chunk in csv_chunks(path, encoding=encoding, header=header, chunk_rows=options.chunk_rows):
        con.register("chunk", chunk)
        con.execute(f"INSERT INTO staged {sql}")
        total += chunk.num_rows
        if progress:
            progress(total, time.monotonic() - started)
    con.unregister("chunk")
    return total, names


def _load_seen(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """The staged record ids already in the warehouse (months the staged rows touch).

    A semi-join, not a copy of the register: DuckDB builds its hash table on the file's
    ids and streams the month's stored ids past it (skipping row groups whose id range
    cannot match), so the result is only the repeats, usually none, and the anti-join
    that drops them is then skipped.
    """
    months = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT local_month FROM staged WHERE problems IS NULL"
        ).fetchall()
    ]
    files = manifest.cdr_files(months=months) if months else []
    if not files:
        con.execute("CREATE OR REPLACE TEMP TABLE seen (record_id VARCHAR)")
        return
    listed = ", ".join(quote_literal(str(layout.absolute(f.path))) for f in files)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE seen AS SELECT DISTINCT record_id "  # noqa: S608
        f"FROM read_parquet([{listed}]) "
        "WHERE record_id IN (SELECT record_id FROM staged WHERE problems IS NULL)"
    )


def _has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall())  # noqa: S608


def _new_rows_filter(con: duckdb.DuckDBPyConnection) -> str:
    """The WHERE clause of new good rows; anti-joins only when there is something to drop.

    Most files repeat nothing: skipping the empty anti-joins saves a probe per row.
    """
    clauses = ["problems IS NULL"]
    if _has_rows(con, "seen"):
        clauses.append("NOT EXISTS (SELECT 1 FROM seen s WHERE s.record_id = g.record_id)")
    if _has_rows(con, "repeated"):
        clauses.append(
            "NOT EXISTS (SELECT 1 FROM repeated d "
            "WHERE d.record_id = g.record_id AND g._row > d.first_row)"
        )
    return " AND ".join(clauses)


def write_good(
    con: duckdb.DuckDBPyConnection, layout: Layout, *, ingestion_id: int
) -> tuple[list[manifest.NewFile], int]:
    """Write the new good rows as one file per month, in place but not yet registered.

    One plain COPY per month of the staged rows: an input file usually spans one or two
    months, and a filtered scan of the in-memory staging table per month costs less than
    DuckDB's hash-partitioned writer.
    """
    _load_seen(con, layout)
    # Ids repeated inside the file, with the row that counts (the first). Grouping the
    # narrow id column is far cheaper than a window over whole rows, and the list is
    # usually empty.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE repeated AS SELECT record_id, min(_row) AS first_row "
        "FROM staged WHERE problems IS NULL GROUP BY record_id HAVING count(*) > 1"
    )
    where = _new_rows_filter(con)
    months = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT local_month FROM staged WHERE problems IS NULL ORDER BY 1"
        ).fetchall()
    ]
    work = layout.tmp / f"i{ingestion_id:06d}"
    work.mkdir(parents=True, exist_ok=True)
    columns = ", ".join(WAREHOUSE_COLUMNS)
    files: list[manifest.NewFile] = []
    written = 0
    for month in months:
        part = work / f"{month:%Y-%m}.parquet"
        rows = _scalar(
            con,
            f"COPY (SELECT {columns} FROM staged g WHERE {where} "  # noqa: S608
            f"AND local_month = DATE '{month:%Y-%m-%d}') "
            f"TO {quote_literal(str(part))} (FORMAT parquet)",
        )
        if not rows:
            part.unlink(missing_ok=True)
            continue
        final = layout.cdr_dir(month) / f"i{ingestion_id:06d}-{len(files):02d}.parquet"
        publish(part, final)
        files.append(
            manifest.NewFile(
                month=month,
                relative_path=layout.relative(final),
                rows=rows,
                size_bytes=final.stat().st_size,
            )
        )
        written += rows
    return files, written


@dataclass
class FileResult:
    path: Path
    status: str  # "ingested", "skipped" or "failed"
    counts: manifest.Counts
    months: list[dt.date]
    seconds: float = 0.0
    report: ReportPaths | None = None
    message: str = ""


def ingest_cdr_file(
    *,
    path: Path,
    layout: Layout,
    options: CdrOptions,
    memory_limit: str,
    progress: Progress | None = None,
    periods: pa.Table | None = None,
) -> FileResult:
    """Ingest one CDR file (skipped if its content was ingested before).

    ``periods`` are the subscribers' holding periods (``holders.periods_table``); a run
    over many files reads them once and passes them in.
    """
    ingestion = manifest.ingestion_begin(
        kind="cdr", source=path, digest=content_hash(path), size=path.stat().st_size
    )
    if ingestion is None:
        return FileResult(path=path, status="skipped", counts=manifest.Counts(), months=[])
    started = time.monotonic()
    layout.tmp.mkdir(parents=True, exist_ok=True)
    con = duckdb_connect(memory_limit=memory_limit, temp_directory=str(layout.tmp / "spill"))
    try:
        result = _run(
            con,
            ingestion,
            path=path,
            layout=layout,
            options=options,
            progress=progress,
            started=started,
            periods=periods,
        )
    except InputError as exc:
        manifest.ingestion_fail(ingestion=ingestion, message=str(exc))
        return FileResult(
            path=path, status="failed", counts=manifest.Counts(), months=[], message=str(exc)
        )
    except BaseException as exc:
        manifest.ingestion_fail(ingestion=ingestion, message=repr(exc))
        raise
    finally:
        con.close()
    return result


def _run(
    con: duckdb.DuckDBPyConnection,
    ingestion: Ingestion,
    *,
    path: Path,
    layout: Layout,
    options: CdrOptions,
    progress: Progress | None,
    started: float,
    periods: pa.Table | None,
) -> FileResult:
    if periods is None:
        periods = periods_table(subscriber_periods())
    con.register("subscribers", periods)
    total, names = stage(
        con, path, options=options, dropped=manifest.dropped_months(), progress=progress
    )
    quarantined = _scalar(con, "SELECT count(*) FROM staged WHERE problems IS NOT NULL")
    paths = None
    if quarantined:
        paths = report_paths(layout.reports, ingestion_id=ingestion.pk, source=path)
        write_reports(con, paths, columns=list(CDR_COLUMNS), names=names)
    files, written = write_good(con, layout, ingestion_id=ingestion.pk)
    counts = manifest.Counts(
        total=total, good=written, quarantined=quarantined, duplicate=total - quarantined - written
    )
    months = sorted({f.month for f in files})
    seconds = time.monotonic() - started
    manifest.ingestion_commit(
        ingestion=ingestion,
        files=files,
        counts=counts,
        months=months,
        seconds=seconds,
        report_path=str(paths.report) if paths else "",
        quarantine_path=str(paths.quarantine) if paths else "",
    )
    return FileResult(
        path=path, status="ingested", counts=counts, months=months, seconds=seconds, report=paths
    )
