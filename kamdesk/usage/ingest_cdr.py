"""Ingesting CDR files into the warehouse, in bulk with DuckDB.

For each file:

1. One pass over the file (Parquet directly, CSV as a stream of Arrow batches) validates
   and enriches every row, resolves ``number`` + time to the subscriber who held the
   number then (a join against the subscribers' validity periods), and writes the good
   rows straight into one Parquet file per month in the work area. Nothing is staged.
   The pass is the fast path's (``cdr_fast_sql``: rows good exactly as they came);
   only when it leaves rows over does the full query (``cdr_stage_sql``: normalising,
   with a reason per refused cell) read the file again for them.
2. If fewer rows were written than read, a second pass collects the refused rows with
   their reasons for the quarantine file and the report (files without bad rows, the
   usual case, skip it).
3. Record ids: the hashes of the written ids are checked against themselves (repeats
   inside the file) and against the register of ids already stored (``idregister``);
   only candidates are checked exactly. When a file does repeat ids, its good rows are
   written again without them (the first occurrence in the file counts).
4. The ids are added to the register, the files moved into place (fsync, rename), then
   registered in the manifest in one transaction. A run that dies before that leaves
   unregistered files, which the next run deletes; readers never see them.

Step 1 of a file (``write_pass``: DuckDB only, no database, no register) runs on a worker
thread while steps 2–4 of the file before it run on the caller's (``CdrRun``), so the
serial work of checking, publishing and committing one file hides behind the parallel
pass of the next; steps 2–4 run in file order, so the outcome is that of one file after
the other.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from kamdesk.usage import idregister, manifest
from kamdesk.usage.cdr_sql import (
    CDR_COLUMNS,
    CDR_REQUIRED,
    WAREHOUSE_COLUMNS,
    CdrSource,
    cdr_fast_sql,
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
    csv_batches,
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


class Source:
    """The input file as the relation ``source`` of a connection, scanned once per pass.

    A Parquet file is read by DuckDB itself (``_row`` from the file's row numbers). A
    UTF-8 CSV file is read by DuckDB's parallel CSV reader in the passes that do not need
    row numbers (the main one); passes that do (refused rows, repeated ids) and files in
    other encodings stream it through Arrow, which numbers the rows and decodes GB18030.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        options: CdrOptions,
        *,
        dropped: list[str],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.con, self.path, self.options, self.progress = con, path, options, progress
        self.dropped = dropped
        self.parquet = is_parquet(path)
        self.counted = [0]
        if self.parquet:
            header = parquet_columns(path)
            self.names = _source_names(header, options)
            self._view(f"read_parquet({quote_literal(str(path))}, file_row_number = true)")
            self.types = dict(
                con.execute("SELECT column_name, column_type FROM (DESCRIBE source)").fetchall()
            )
            self.rows_in_file = pq.ParquetFile(path).metadata.num_rows
            self.fast_csv = False
        else:
            self.encoding = sniff_encoding(path, options.encoding)
            self.header = csv_header(path, self.encoding)
            self.names = _source_names(self.header, options)
            self.types = dict.fromkeys(self.header, "VARCHAR")
            self.fast_csv = self.encoding == "utf8" and len(set(self.header)) == len(self.header)

    def _view(self, relation: str) -> None:
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW source AS SELECT * FROM {relation}"  # noqa: S608
        )

    def sql(self, *, rows: bool, fast: bool = False) -> str:
        """The validating SELECT over ``source`` (``_row`` NULL when ``rows`` is false);
        with ``fast``, the fast path's (``cdr_fast_sql``)."""
        if self.parquet:
            row = "(file_row_number + 1)"
        else:
            row = "_row" if rows or not self.fast_csv else "NULL::BIGINT"
        src = CdrSource(
            relation="source",
            names=self.names,
            types=self.types,
            row=row,
            value_maps=self.options.value_maps,
        )
        build = cdr_fast_sql if fast else cdr_stage_sql
        return build(
            src,
            now_local=self.options.now_local,
            subscribers="subscribers",
            dropped_months=self.dropped,
        )

    def open(self, *, rows: bool) -> None:
        """Make ``source`` ready for one more pass."""
        if self.parquet:
            return
        if self.fast_csv and not rows:
            columns = ", ".join(f"{quote_literal(h)}: 'VARCHAR'" for h in self.header)
            self._view(
                f"read_csv({quote_literal(str(self.path))}, header = true, "
                f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', "
                "auto_detect = false, strict_mode = true)"
            )
            return
        self.con.execute("DROP VIEW IF EXISTS source")
        self.counted[0] = 0
        self.con.register(
            "source",
            csv_batches(
                self.path,
                encoding=self.encoding,
                header=self.header,
                counted=self.counted,
                on_rows=self.progress,
            ),
        )

    def run(self, sql_of: Callable[[str], str], *, rows: bool, fast: bool = False) -> list[tuple]:
        """Execute one pass of ``sql_of(validating select)`` (the fast path's with
        ``fast``); an unreadable CSV surfaces as ``InputError``. A CSV file DuckDB's reader
        refuses is read again through Arrow, whose message names the problem."""
        try:
            self.open(rows=rows)
            return self._execute(sql_of(self.sql(rows=rows, fast=fast)))
        except duckdb.Error as exc:
            if not self.parquet and "not a readable CSV file" in str(exc):
                message = str(exc)[str(exc).index("not a readable CSV file") :]
                raise InputError(message.splitlines()[0]) from exc
            if self.fast_csv and not rows:
                self.fast_csv = False
                return self.run(sql_of, rows=rows, fast=fast)
            raise

    def _execute(self, sql: str) -> list[tuple]:
        """Run ``sql``, telling ``progress`` the estimated rows done every few seconds."""
        if not self.progress or not (self.parquet or self.fast_csv):
            return self.con.execute(sql).fetchall()
        rows = self.rows_in_file if self.parquet else _estimated_rows(self.path)
        done = threading.Event()

        def poll() -> None:
            while not done.wait(PROGRESS_SECONDS):
                share = self.con.query_progress()
                if share > 0 and self.progress:
                    self.progress(int(rows * min(share, 100.0) / 100))

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        try:
            return self.con.execute(sql).fetchall()
        finally:
            done.set()
            watcher.join()


PROGRESS_SECONDS = 5.0
REFUSED_MONTH = dt.date(1, 1, 1)  # the main pass's folder for refused rows, only counted


def _estimated_rows(path: Path) -> int:
    """Rows in a CSV file, estimated from the size and the first lines."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    lines = max(head.count(b"\n") - 1, 1)
    return int(path.stat().st_size / (len(head) / lines)) if head else 0


def _rows_copy(select: str, where: str, target: Path, *, refused: bool) -> str:
    """COPY the warehouse columns of ``select`` into one Parquet file per month under
    ``target``; with ``refused``, the refused rows go to the folder of ``REFUSED_MONTH``,
    where they are only counted."""
    columns = [
        (
            f"CASE WHEN problems IS NULL THEN local_month "
            f"ELSE DATE '{REFUSED_MONTH.isoformat()}' END AS local_month"
            if refused and c == "local_month"
            else c
        )
        for c in WAREHOUSE_COLUMNS
    ]
    return (
        f"COPY (SELECT {', '.join(columns)} FROM ({select}) g WHERE {where}) "  # noqa: S608
        f"TO {quote_literal(str(target))} (FORMAT parquet, PARTITION_BY (local_month), "
        "WRITE_PARTITION_COLUMNS true, FILENAME_PATTERN 'part{i}')"
    )


def _written(target: Path) -> tuple[list[tuple[dt.date, Path, int]], int]:
    """(month, file, rows) of what a partitioned COPY wrote, and the refused rows it
    counted (their folder is removed)."""
    out, refused = [], 0
    for folder in sorted(target.glob("local_month=*")):
        month = dt.date.fromisoformat(folder.name.split("=", 1)[1])
        for file in sorted(folder.glob("*.parquet")):
            rows = pq.ParquetFile(file).metadata.num_rows
            if month == REFUSED_MONTH:
                refused += rows
            elif rows:
                out.append((month, file, rows))
            else:
                file.unlink()
        if month == REFUSED_MONTH:
            shutil.rmtree(folder)
    return out, refused


def _hashes_of(
    con: duckdb.DuckDBPyConnection, written: list[tuple[dt.date, Path, int]]
) -> dict[dt.date, np.ndarray]:
    """The record ids' hashes of the written files (each holds one month), sorted."""
    by_month: dict[dt.date, list[Path]] = {}
    for month, file, _rows in written:
        by_month.setdefault(month, []).append(file)
    return {m: idregister.hash_files(con, files) for m, files in by_month.items()}


def _hash_table(con: duckdb.DuckDBPyConnection, name: str, hashes: list[np.ndarray]) -> None:
    values = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
    con.register(f"{name}_arrow", pa.table({"h": pa.array(values, pa.uint64())}))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT DISTINCT h FROM {name}_arrow")  # noqa: S608
    con.unregister(f"{name}_arrow")


def _exact_repeats(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    written: list[tuple[dt.date, Path, int]],
    *,
    dup_h: list[np.ndarray],
    seen_h: list[np.ndarray],
) -> tuple[bool, bool]:
    """Turn the candidate hashes into exact tables ``repeated_ids`` and ``seen``; say
    whether either holds anything."""
    _hash_table(con, "dup_h", dup_h)
    _hash_table(con, "seen_h", seen_h)
    listed = ", ".join(quote_literal(str(f)) for _m, f, _r in written)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE repeated_ids AS SELECT record_id "  # noqa: S608
        f"FROM read_parquet([{listed}]) WHERE hash(record_id) IN (SELECT h FROM dup_h) "
        "GROUP BY record_id HAVING count(*) > 1"
    )
    months = sorted({m for m, _f, _r in written})
    stored = manifest.cdr_files(months=months)
    if stored and _scalar(con, "SELECT count(*) FROM seen_h"):
        stored_listed = ", ".join(quote_literal(str(layout.absolute(f.path))) for f in stored)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE seen AS SELECT DISTINCT record_id "  # noqa: S608
            f"FROM read_parquet([{stored_listed}]) "
            "WHERE hash(record_id) IN (SELECT h FROM seen_h) AND record_id IN ("
            f"SELECT record_id FROM read_parquet([{listed}]) "
            "WHERE hash(record_id) IN (SELECT h FROM seen_h))"
        )
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE seen (record_id VARCHAR)")
    return (
        bool(_scalar(con, "SELECT count(*) FROM repeated_ids")),
        bool(_scalar(con, "SELECT count(*) FROM seen")),
    )


@dataclass
class Written:
    files: list[tuple[dt.date, Path, int]]  # month, file in the work area, rows
    work: Path
    total: int  # rows in the input file
    refused: int  # rows refused by validation
    # The written record ids' hashes by month (``drop_repeats`` reads them).
    hashes: dict[dt.date, np.ndarray] = field(default_factory=dict)

    @property
    def good(self) -> int:
        return sum(rows for _m, _f, rows in self.files)


def write_pass(
    con: duckdb.DuckDBPyConnection, layout: Layout, source: Source, *, ingestion_id: int
) -> Written:
    """The file's one validating pass: its good rows into the work area, one file per
    month, the refused ones counted. Touches neither the database nor the id register,
    so it may run while the previous file is being checked and published (``CdrRun``)."""
    work = layout.tmp / f"i{ingestion_id:06d}"
    shutil.rmtree(work, ignore_errors=True)
    work.parent.mkdir(parents=True, exist_ok=True)
    # The fast path stores the rows good as they came; the full query sees the others
    # (none, in a canonical export), storing those it accepts and counting the refused.
    source.run(lambda select: _rows_copy(select, "true", work, refused=True), rows=False, fast=True)
    files, slow = _written(work)
    refused = 0
    if slow:
        source.run(
            lambda select: _rows_copy(select, "NOT fast", work / "slow", refused=True), rows=False
        )
        more, refused = _written(work / "slow")
        files += more
    return Written(
        files=files,
        work=work,
        total=sum(r for _m, _f, r in files) + refused,
        refused=refused,
    )


def drop_repeats(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    source: Source,
    register: idregister.IdRegister,
    result: Written,
) -> Written:
    """Keep only new record ids in what ``write_pass`` wrote, reading their hashes back
    from the written files (on the caller's thread, while the next file's pass runs).
    The common case (no id seen before, none twice in the file) changes nothing; a file
    that repeats ids takes two more passes (the first row of each repeated id, then the
    good rows again without the repeats)."""
    files, work = result.files, result.work
    result.hashes = _hashes_of(con, files)

    def stored_files(month: dt.date) -> list[Path]:
        return [layout.absolute(f.path) for f in manifest.cdr_files(months=[month])]

    dup_h = [idregister.repeated_in(h, ordered=True) for h in result.hashes.values()]
    seen_h = [register.seen(con, m, h, stored_files) for m, h in result.hashes.items()]
    if not any(len(h) for h in dup_h + seen_h):
        return result
    repeated, stored = _exact_repeats(con, layout, files, dup_h=dup_h, seen_h=seen_h)
    if not (repeated or stored):
        return result
    where = ["problems IS NULL"]
    if stored:
        where.append("NOT EXISTS (SELECT 1 FROM seen s WHERE s.record_id = g.record_id)")
    if repeated:
        # The row that counts for an id repeated inside the file: its first good row.
        source.run(
            lambda select: (
                "CREATE OR REPLACE TEMP TABLE repeated AS "  # noqa: S608
                f"SELECT record_id, min(_row) AS first_row FROM ({select}) "
                "WHERE problems IS NULL AND record_id IN (SELECT record_id FROM repeated_ids) "
                "GROUP BY record_id"
            ),
            rows=True,
        )
        where.append(
            "NOT EXISTS (SELECT 1 FROM repeated d "
            "WHERE d.record_id = g.record_id AND g._row > d.first_row)"
        )
    shutil.rmtree(work)
    source.run(
        lambda select: _rows_copy(select, " AND ".join(where), work, refused=False), rows=True
    )
    result.files, _none = _written(work)
    result.hashes = _hashes_of(con, result.files)
    return result


def _bad_rows(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """Temp table ``staged`` of the refused rows (row, problems, cells as text)."""
    raw = ", ".join(f"raw_{c}" for c in CDR_COLUMNS)
    source.run(
        lambda select: (
            "CREATE OR REPLACE TEMP TABLE staged AS "  # noqa: S608
            f"SELECT _row, problems, {raw} FROM ({select}) WHERE problems IS NOT NULL"
        ),
        rows=True,
    )
    return _scalar(con, "SELECT count(*) FROM staged")


def _publish(
    layout: Layout, written: list[tuple[dt.date, Path, int]], *, ingestion_id: int
) -> list[manifest.NewFile]:
    files = []
    for index, (month, part, rows) in enumerate(written):
        final = layout.cdr_dir(month) / f"i{ingestion_id:06d}-{index:02d}.parquet"
        publish(part, final)
        files.append(
            manifest.NewFile(
                month=month,
                relative_path=layout.relative(final),
                rows=rows,
                size_bytes=final.stat().st_size,
            )
        )
    return files


@dataclass
class FileResult:
    path: Path
    status: str  # "ingested", "skipped" or "failed"
    counts: manifest.Counts
    months: list[dt.date]
    seconds: float = 0.0
    report: ReportPaths | None = None
    message: str = ""


class Opened(NamedTuple):
    """A file after its pass: its connection, its source and what the pass wrote."""

    con: duckdb.DuckDBPyConnection
    source: Source
    written: Written


@dataclass
class Started:
    """A file whose ingestion has begun: its pass runs on the run's worker thread."""

    path: Path
    ingestion: Ingestion
    started: float
    future: Future[Opened]

    def wait(self) -> None:
        """Return when the pass is over (its outcome is taken by ``CdrRun.finish``)."""
        wait([self.future])


class CdrRun:
    """Ingesting CDR files one after the other, the next file's validating pass (on a
    worker thread) overlapping the checks of the file before against the id register, its
    publication and its manifest commit (on the calling thread).

    The pass of a file touches neither the database nor the register; everything that
    decides what a file adds (repeats against the files before it included) is done in
    file order on the calling thread, so the outcome is that of one file after the other.
    The subscribers' periods, the register and the months retention dropped are read once
    for the run. Use as a context manager: leaving it by an exception waits for a pass in
    flight and records its ingestion as failed.
    """

    def __init__(
        self,
        *,
        layout: Layout,
        memory_limit: str,
        progress: Progress | None = None,
    ) -> None:
        self.layout, self.memory_limit, self.progress = layout, memory_limit, progress
        self.periods = periods_table(subscriber_periods())
        self.register = idregister.IdRegister(layout.root)
        self.dropped = [f"{m:%Y-%m-%d}" for m in manifest.dropped_months()]
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kam-cdr-pass")
        self._open: list[Started] = []
        self._digests: dict[Path, str] = {}

    def __enter__(self) -> CdrRun:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        for started in list(self._open):
            started.wait()
            self._close(started)
            manifest.ingestion_fail(ingestion=started.ingestion, message=repr(exc))
        self._pool.shutdown(wait=True)

    def prefetch(self, path: Path) -> None:
        """Hash the content of ``path``, a file about to start, while a pass runs."""
        self._digests[path] = content_hash(path)

    def start(self, path: Path, options: CdrOptions) -> Started | FileResult:
        """Begin ``path``: skipped (same content as a file ingested before) or its pass
        started on the worker thread."""
        digest = self._digests.pop(path, None) or content_hash(path)
        ingestion = manifest.ingestion_begin(
            kind="cdr", source=path, digest=digest, size=path.stat().st_size
        )
        if ingestion is None:
            return FileResult(path=path, status="skipped", counts=manifest.Counts(), months=[])
        started = time.monotonic()
        self.layout.tmp.mkdir(parents=True, exist_ok=True)
        future = self._pool.submit(self._pass, path, options, ingestion.pk, started)
        begun = Started(path=path, ingestion=ingestion, started=started, future=future)
        self._open.append(begun)
        return begun

    def _pass(self, path: Path, options: CdrOptions, ingestion_id: int, started: float) -> Opened:
        """On the worker thread: open the file (a header it cannot read fails it here)
        and make its pass."""
        con = duckdb_connect(
            memory_limit=self.memory_limit, temp_directory=str(self.layout.tmp / "spill")
        )
        try:
            # The subscribers' periods (thousands of rows) are the build side of the join
            # as the query is written. Not knowing how many rows a CSV file holds, the
            # optimiser would otherwise build the hash table on the file's millions of
            # rows instead.
            con.execute("SET disabled_optimizers = 'build_side_probe_side'")
            con.register("subscribers", self.periods)
            progress = self.progress
            source = Source(
                con,
                path,
                options,
                dropped=self.dropped,
                progress=(
                    (lambda rows: progress(rows, time.monotonic() - started)) if progress else None
                ),
            )
            written = write_pass(con, self.layout, source, ingestion_id=ingestion_id)
        except BaseException:
            con.close()
            raise
        return Opened(con=con, source=source, written=written)

    def finish(self, begun: Started) -> FileResult:
        """Check, publish and commit a started file (in the order the files were started)."""
        try:
            result = self._finish(begun)
        except InputError as exc:
            manifest.ingestion_fail(ingestion=begun.ingestion, message=str(exc))
            result = FileResult(
                path=begun.path,
                status="failed",
                counts=manifest.Counts(),
                months=[],
                message=str(exc),
            )
        except BaseException as exc:
            self._close(begun)
            manifest.ingestion_fail(ingestion=begun.ingestion, message=repr(exc))
            raise
        self._close(begun)
        return result

    def _close(self, begun: Started) -> None:
        if begun in self._open:
            self._open.remove(begun)
            if not begun.future.exception():
                begun.future.result().con.close()

    def _finish(self, begun: Started) -> FileResult:
        con, source, written = begun.future.result()  # the pass's own error, if any
        ingestion = begun.ingestion
        written = drop_repeats(con, self.layout, source, self.register, written)
        total, good = written.total, written.good
        if self.progress:
            self.progress(total, time.monotonic() - begun.started)
        # Only a file with refused rows is read again, for the report.
        quarantined = _bad_rows(con, source) if written.refused else 0
        paths = None
        if quarantined:
            paths = report_paths(self.layout.reports, ingestion_id=ingestion.pk, source=begun.path)
            write_reports(con, paths, columns=list(CDR_COLUMNS), names=source.names)
        self.register.add(written.hashes, name=f"i{ingestion.pk:06d}")
        files = _publish(self.layout, written.files, ingestion_id=ingestion.pk)
        shutil.rmtree(written.work, ignore_errors=True)
        counts = manifest.Counts(
            total=total, good=good, quarantined=quarantined, duplicate=total - quarantined - good
        )
        months = sorted({f.month for f in files})
        seconds = time.monotonic() - begun.started
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
            path=begun.path,
            status="ingested",
            counts=counts,
            months=months,
            seconds=seconds,
            report=paths,
        )


def ingest_cdr_files(
    paths: Iterable[Path],
    *,
    layout: Layout,
    options: Callable[[], CdrOptions],
    memory_limit: str,
    progress: Progress | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> list[FileResult]:
    """Ingest CDR files in order (each skipped if its content was ingested before).

    ``options()`` gives each file's options as it starts. ``on_file(path)`` is called
    before each file, when no pass of this run is in flight.
    """
    results: list[FileResult] = []
    with CdrRun(layout=layout, memory_limit=memory_limit, progress=progress) as run:
        pending: Started | None = None
        files = list(paths)
        for index, path in enumerate(files):
            if pending:
                pending.wait()
            if on_file:
                on_file(path)
            current = run.start(path, options())
            if pending:
                results.append(run.finish(pending))
                pending = None
            if isinstance(current, Started):
                pending = current
                if index + 1 < len(files):
                    run.prefetch(files[index + 1])
            else:
                results.append(current)
        if pending:
            results.append(run.finish(pending))
    return results
