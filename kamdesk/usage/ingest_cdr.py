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
import pyarrow.parquet as pq

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
    """The record ids already in the warehouse for the months the staged rows touch."""
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
        f"CREATE OR REPLACE TEMP TABLE seen AS SELECT record_id FROM read_parquet([{listed}])"  # noqa: S608
    )


def write_good(
    con: duckdb.DuckDBPyConnection, layout: Layout, *, ingestion_id: int
) -> tuple[list[manifest.NewFile], int]:
    """Write the new good rows as one file per month, in place but not yet registered."""
    _load_seen(con, layout)
    # Ids repeated inside the file, with the row that counts (the first). Grouping the
    # narrow id column is far cheaper than a window over whole rows, and the list is
    # usually empty.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE repeated AS SELECT record_id, min(_row) AS first_row "
        "FROM staged WHERE problems IS NULL GROUP BY record_id HAVING count(*) > 1"
    )
    work = layout.tmp / f"i{ingestion_id:06d}"
    columns = ", ".join(WAREHOUSE_COLUMNS)
    sql = f"""
COPY (
  SELECT {columns} FROM staged g
  WHERE problems IS NULL
    AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.record_id = g.record_id)
    AND NOT EXISTS (SELECT 1 FROM repeated d
                    WHERE d.record_id = g.record_id AND g._row > d.first_row)
) TO {quote_literal(str(work))}
  (FORMAT parquet, PARTITION_BY (local_month), WRITE_PARTITION_COLUMNS true)"""  # noqa: S608
    written = _scalar(con, sql)
    files: list[manifest.NewFile] = []
    for part in sorted(work.glob("local_month=*/*.parquet")) if written else []:
        month = dt.date.fromisoformat(part.parent.name.split("=", 1)[1][:10])
        final = layout.cdr_dir(month) / f"i{ingestion_id:06d}-{len(files):02d}.parquet"
        rows = pq.read_metadata(part).num_rows
        publish(part, final)
        files.append(
            manifest.NewFile(
                month=month,
                relative_path=layout.relative(final),
                rows=rows,
                size_bytes=final.stat().st_size,
            )
        )
    return files, int(written)


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
) -> FileResult:
    """Ingest one CDR file (skipped if its content was ingested before)."""
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
) -> FileResult:
    con.register("subscribers", periods_table(subscriber_periods()))
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
