"""The register of record ids already in the warehouse. Pure: no Django import.

For each month, the sorted 64-bit hashes (DuckDB's ``hash()`` of the record id) of every
CDR in that month's registered files, kept as NumPy segments on disk
(``ids/<YYYY-MM>/i<ingestion>.npy``, one per ingestion that touched the month) and as one
sorted array per month in memory for a run. Ingestion checks a file's records against it
with a binary search instead of reading the ids of the stored files again, which grows
with the warehouse, file after file:

- a hash not in the register is a new record;
- a hash in it makes the record a *candidate* repeat, checked exactly against the stored
  files (two different ids can share a hash; that is rare and only costs the check).

The register may hold more than the warehouse (a run that died after writing its
segment and before registering its files), never less: segments are written before the
manifest commit, and a month with stored files but no segment (a warehouse written
before the register existed) is built from its files when first touched. The hash is
DuckDB's, which a new release may change: ``ids/VERSION`` records the release that wrote
the segments, and they are dropped and rebuilt when it differs.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import numpy as np

from kamdesk.usage.cdr_sql import quote_literal

FOLDER = "ids"

StoredFiles = Callable[[dt.date], Sequence[Path]]


def _version() -> str:
    return f"duckdb {duckdb.__version__}"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class IdRegister:
    """The register of one warehouse, loaded month by month as a run touches them."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self._months: dict[dt.date, np.ndarray] = {}
        stamp = self.folder / "VERSION"
        if self.folder.exists() and (not stamp.exists() or stamp.read_text().strip() != _version()):
            shutil.rmtree(self.folder)
        if not self.folder.exists():
            self.folder.mkdir(parents=True)
            stamp.write_text(_version() + "\n")

    def _month_folder(self, month: dt.date) -> Path:
        return self.folder / f"{month:%Y-%m}"

    def hashes(
        self, con: duckdb.DuckDBPyConnection, month: dt.date, stored: StoredFiles
    ) -> np.ndarray:
        """The month's sorted hashes (built from ``stored(month)`` if it has none)."""
        if month in self._months:
            return self._months[month]
        folder = self._month_folder(month)
        segments = sorted(folder.glob("*.npy")) if folder.exists() else []
        if segments:
            merged = np.sort(np.concatenate([np.load(p) for p in segments]))
        else:
            files = list(stored(month))
            merged = _hash_files(con, files) if files else np.empty(0, np.uint64)
            if files:
                self._save(month, "built", merged)
        self._months[month] = merged
        return merged

    def seen(
        self, con: duckdb.DuckDBPyConnection, month: dt.date, new: np.ndarray, stored: StoredFiles
    ) -> np.ndarray:
        """The hashes of ``new`` (any order) already in the register for ``month``."""
        known = self.hashes(con, month, stored)
        if not len(known) or not len(new):
            return np.empty(0, np.uint64)
        at = np.searchsorted(known, new)
        inside = at < len(known)
        hit = np.zeros(len(new), bool)
        hit[inside] = known[at[inside]] == new[inside]
        return np.unique(new[hit])

    def add(self, month: dt.date, new: np.ndarray, *, name: str) -> None:
        """Write ``new`` as the month's segment ``name`` (durable when this returns) and
        merge it into the month in memory."""
        ordered = np.sort(new.astype(np.uint64, copy=False))
        self._save(month, name, ordered)
        known = self._months.get(month)
        if known is not None:
            self._months[month] = np.insert(known, np.searchsorted(known, ordered), ordered)

    def _save(self, month: dt.date, name: str, hashes: np.ndarray) -> None:
        folder = self._month_folder(month)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.npy.tmp"
        with open(tmp, "wb") as handle:
            np.save(handle, hashes)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, folder / f"{name}.npy")
        _fsync(folder)

    def drop_months(self, months: Sequence[dt.date]) -> None:
        """Forget the months whose records retention dropped."""
        for month in months:
            shutil.rmtree(self._month_folder(month), ignore_errors=True)
            self._months.pop(month, None)


def _hash_files(con: duckdb.DuckDBPyConnection, files: Sequence[Path]) -> np.ndarray:
    listed = ", ".join(quote_literal(str(p)) for p in files)
    table = con.execute(
        f"SELECT hash(record_id) AS h FROM read_parquet([{listed}])"  # noqa: S608
    ).fetchnumpy()
    return np.sort(np.asarray(table["h"], dtype=np.uint64))


def repeated_in(hashes: np.ndarray) -> np.ndarray:
    """The hashes that occur more than once in ``hashes``."""
    if len(hashes) < 2:
        return np.empty(0, np.uint64)
    ordered = np.sort(hashes)
    same = ordered[1:] == ordered[:-1]
    return np.unique(ordered[1:][same])
