"""The warehouse on disk and the input files. Pure: no Django import.

Layout under the warehouse root (docs/usage.md)::

    cdr/2026-03/i000042-00.parquet         itemised CDRs of one ingested file, one month
    daily/2026-03/subscriber.parquet       daily aggregates per subscriber
    reports/i000042-<name>.report.csv      row, column, reason of every refused cell
    reports/i000042-<name>.quarantine.csv  the refused rows as they came
    tmp/                                   work area, emptied at the start of each run
    .lock                                  held by the one process that writes

A file becomes visible by ``os.replace`` after ``fsync``; CDR files are then listed in
the manifest, and only files listed there are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

PARQUET_MAGIC = b"PAR1"
INPUT_SUFFIXES = (".csv", ".csv.gz", ".txt", ".txt.gz", ".gz", ".parquet", ".pq")
CSV_BLOCK_BYTES = 16 << 20


class WarehouseBusy(RuntimeError):
    """Another process is writing to the warehouse."""


class InputError(ValueError):
    """An input file cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Layout:
    root: Path

    def cdr_dir(self, month: dt.date) -> Path:
        return self.root / "cdr" / f"{month:%Y-%m}"

    def daily_path(self, month: dt.date) -> Path:
        return self.root / "daily" / f"{month:%Y-%m}" / "subscriber.parquet"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def absolute(self, relative: str) -> Path:
        return self.root / relative

    def cdr_files_on_disk(self) -> list[Path]:
        return sorted((self.root / "cdr").glob("*/*.parquet"))


@contextmanager
def warehouse_lock(layout: Layout) -> Iterator[None]:
    """Hold the warehouse's writer lock; raise ``WarehouseBusy`` if another process has it."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.root / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseBusy(str(layout.root)) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(4 << 20):
            digest.update(block)
    return digest.hexdigest()


def fsync_path(path: Path) -> None:
    """Flush a file (or a directory's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, final: Path) -> None:
    """Move a complete file into place: fsync it, rename, fsync the directory."""
    fsync_path(tmp)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)
    fsync_path(final.parent)


def write_parquet_atomically(table: pa.Table, final: Path, tmp_dir: Path) -> None:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{final.parent.name}-{final.name}.{os.getpid()}.tmp"
    pq.write_table(table, tmp)
    publish(tmp, final)


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files named, and the input files inside folders named (sorted, recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.name.lower().endswith(INPUT_SUFFIXES)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"no such file or folder: {path}")
    return found


def is_parquet(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == PARQUET_MAGIC


def _open_text_stream(path: Path) -> pa.NativeFile:
    return pa.input_stream(str(path), compression="detect")


def sniff_encoding(path: Path, forced: str | None = None) -> str:
    """UTF-8 (with or without BOM) unless the first 64 KiB fail to decode, then GB18030."""
    if forced:
        return forced
    with _open_text_stream(path) as stream:
        head = stream.read(64 << 10)
    cut = head.rfind(b"\n")
    try:
        (head[: cut + 1] if cut >= 0 else head).decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf8"


def csv_header(path: Path, encoding: str) -> list[str]:
    with _open_text_stream(path) as stream:
        head = stream.read(256 << 10)
    text = head.decode("utf-8" if encoding == "utf8" else encoding, errors="replace")
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), None)
    if not first:
        raise InputError("the file is empty or has no header row")
    return [name.strip() for name in first]


def csv_chunks(
    path: Path, *, encoding: str, header: list[str], chunk_rows: int = 2_000_000
) -> Iterator[pa.Table]:
    """The data rows as Arrow tables of text, each with ``_row`` (the header is row 1)."""
    read = pa_csv.ReadOptions(
        block_size=CSV_BLOCK_BYTES, encoding=encoding, column_names=header, skip_rows=1
    )
    convert = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    parse = pa_csv.ParseOptions(newlines_in_values=True)
    try:
        reader = pa_csv.open_csv(
            _open_text_stream(path), read_options=read, convert_options=convert, parse_options=parse
        )
        yield from _numbered(reader, chunk_rows)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV file: {exc}") from exc


def csv_batches(
    path: Path,
    *,
    encoding: str,
    header: list[str],
    counted: list[int] | None = None,
    on_rows: Callable[[int], None] | None = None,
    every: int = 1_000_000,
) -> pa.RecordBatchReader:
    """The data rows as a stream of Arrow batches of text, each with ``_row``, for DuckDB
    to scan in one pass (several threads take batches in turn). ``counted[0]`` holds the
    rows read so far; ``on_rows`` is told the count every ``every`` rows."""
    read = pa_csv.ReadOptions(
        block_size=CSV_BLOCK_BYTES // 8, encoding=encoding, column_names=header, skip_rows=1
    )
    convert = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    parse = pa_csv.ParseOptions(newlines_in_values=True)
    schema = pa.schema([*(pa.field(h, pa.string()) for h in header), pa.field("_row", pa.int64())])
    tally = counted if counted is not None else [0]

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            reader = pa_csv.open_csv(
                _open_text_stream(path),
                read_options=read,
                convert_options=convert,
                parse_options=parse,
            )
            for batch in reader:
                first = tally[0] + 2  # the header is row 1
                rows = np.arange(first, first + batch.num_rows, dtype=np.int64)
                tally[0] += batch.num_rows
                if on_rows and tally[0] // every != (tally[0] - batch.num_rows) // every:
                    on_rows(tally[0])
                yield pa.RecordBatch.from_arrays([*batch.columns, pa.array(rows)], schema=schema)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable CSV file: {exc}") from exc

    return pa.RecordBatchReader.from_batches(schema, batches())


def _numbered(reader: pa.RecordBatchReader, chunk_rows: int) -> Iterator[pa.Table]:
    batches: list[pa.RecordBatch] = []
    pending, first_row = 0, 2
    for batch in reader:
        batches.append(batch)
        pending += batch.num_rows
        if pending >= chunk_rows:
            yield _with_rows(batches, first_row)
            first_row += pending
            batches, pending = [], 0
    if batches:
        yield _with_rows(batches, first_row)


def _with_rows(batches: list[pa.RecordBatch], first_row: int) -> pa.Table:
    table = pa.Table.from_batches(batches)
    rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int64)
    return table.append_column("_row", pa.array(rows))


def parquet_columns(path: Path) -> list[str]:
    try:
        return list(pq.read_schema(path).names)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}") from exc


def input_rows(path: Path, *, encoding: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Every data row of a small input file (bills, events) as text cells by header name.

    CSV rows are numbered as in a spreadsheet (the header is row 1); Parquet rows from 1.
    """
    if is_parquet(path):
        table = pq.read_table(path)
        table = table.cast(pa.schema([pa.field(n, pa.string()) for n in table.column_names]))
        for index, row in enumerate(table.to_pylist(), start=1):
            yield index, {k: ("" if v is None else v) for k, v in row.items()}
        return
    chosen = sniff_encoding(path, encoding)
    header = csv_header(path, chosen)
    for chunk in csv_chunks(path, encoding=chosen, header=header, chunk_rows=100_000):
        for row in chunk.to_pylist():
            number = row.pop("_row")
            yield number, row
