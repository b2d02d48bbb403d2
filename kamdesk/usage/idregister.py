"""The register of record ids already in the warehouse. Pure: no Django import.

For each month, the sorted 64-bit hashes (DuckDB's ``hash()`` of the record id) of every
CDR in that month's registered files, kept on disk as one NumPy segment per ingestion
(``ids/i<ingestion>.npz``: an array per month it touched, written with one fsync) and in
memory, per month, as those sorted segments plus a Bloom filter over all of them
(``_Month``). Ingestion checks a file's records against it instead of reading the ids of
the stored files again, which grows with the warehouse, file after file: the filter
clears nearly every new hash with one memory read; only the few it does not clear are
looked up, by binary search, in the month's segments. Segments are never merged in
memory, so adding a file costs what the file holds, not what the month holds (merging
sorted arrays, and searching the several a merge schedule leaves, cost 0.71 s per file
of 2 million records at 100 million stored; the filter and the segments, 0.24 s):

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
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import numpy as np

from kamdesk.usage.cdr_sql import quote_literal
from kamdesk.usage.warehouse import publish

FOLDER = "ids"

StoredFiles = Callable[[dt.date], Sequence[Path]]


def _version() -> str:
    return f"duckdb {duckdb.__version__}"


_LOW_24 = np.uint64((1 << 24) - 1)
# 12 bits → a word with two bits set (the bit of the low six, the bit of the high six).
_BIT_PAIRS = np.array([(1 << (i & 63)) | (1 << (i >> 6)) for i in range(4096)], np.uint64)


class _Month:
    """A month's hashes in memory: the sorted segments and a Bloom filter over them.

    The filter is "register-blocked": each hash sets up to 4 bits of one 64-bit word (the
    word chosen by its top bits, the bits by four 6-bit fields of its low ones), so a
    lookup reads one word. At 32 bits per hash (8 bytes of memory per 2 hashes held, next
    to the 8 bytes of each hash), fewer than 1 in 1,000 new hashes passes the filter
    without being held; those are looked up in the segments. It grows by rebuilding
    four times as large from the segments."""

    BITS_PER_HASH = 32
    MIN_WORDS = 1 << 12

    def __init__(self) -> None:
        self.segments: list[np.ndarray] = []
        self.count = 0
        self.words = np.zeros(self.MIN_WORDS, np.uint64)

    def _capacity(self) -> int:
        return len(self.words) * 64 // self.BITS_PER_HASH

    def _positions(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each hash's word (its top bits) and 4-bit mask (two 12-bit fields of its low
        bits, each naming two bits through ``_BIT_PAIRS``)."""
        shift = np.uint64(64 - (len(self.words).bit_length() - 1))
        word = (hashes >> shift).astype(np.intp)
        low = (hashes & _LOW_24).astype(np.intp)
        mask = _BIT_PAIRS[low & 4095] | _BIT_PAIRS[low >> 12]
        return word, mask

    def _set(self, hashes: np.ndarray) -> None:
        if len(hashes):
            word, mask = self._positions(hashes)
            np.bitwise_or.at(self.words, word, mask)

    def add(self, values: np.ndarray) -> None:
        if not len(values):
            return
        self.segments.append(values)
        self.count += len(values)
        if self.count > self._capacity():
            size = len(self.words)
            while self.count > size * 64 // self.BITS_PER_HASH:
                size *= 4  # rebuilt seldom: each hash is set about 1.3 times in all
            self.words = np.zeros(size, np.uint64)
            for segment in self.segments:
                self._set(segment)
        else:
            self._set(values)

    def found(self, new: np.ndarray) -> np.ndarray:
        """The values of ``new`` (sorted) held in the month, sorted and distinct."""
        if not self.count or not len(new):
            return np.empty(0, np.uint64)
        word, mask = self._positions(new)
        maybe = new[(self.words[word] & mask) == mask]
        if not len(maybe):
            return maybe
        return np.unique(np.concatenate([_found(segment, maybe) for segment in self.segments]))


class IdRegister:
    """The register of one warehouse, loaded month by month as a run touches them."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self._months: dict[dt.date, _Month] = {}
        stamp = self.folder / "VERSION"
        if self.folder.exists() and (not stamp.exists() or stamp.read_text().strip() != _version()):
            shutil.rmtree(self.folder)
        if not self.folder.exists():
            self.folder.mkdir(parents=True)
            stamp.write_text(_version() + "\n")

    @staticmethod
    def _key(month: dt.date) -> str:
        return f"{month:%Y-%m}"

    def _segments(self) -> list[Path]:
        return sorted(self.folder.glob("*.npz"))

    def _month(self, con: duckdb.DuckDBPyConnection, month: dt.date, stored: StoredFiles) -> _Month:
        """The month in memory, read from the segments that hold it, or built from
        ``stored(month)`` if none does."""
        if month in self._months:
            return self._months[month]
        key, loaded = self._key(month), _Month()
        found = False
        for path in self._segments():
            with np.load(path) as segment:
                if key in segment.files:
                    loaded.add(segment[key])
                    found = True
        if not found:
            files = list(stored(month))
            if files:
                built = hash_files(con, files)
                self._save(f"built-{key}", {month: built})
                loaded.add(built)
        self._months[month] = loaded
        return loaded

    def hashes(
        self, con: duckdb.DuckDBPyConnection, month: dt.date, stored: StoredFiles
    ) -> np.ndarray:
        """All of the month's hashes, sorted."""
        segments = self._month(con, month, stored).segments
        return np.sort(np.concatenate(segments)) if segments else np.empty(0, np.uint64)

    def seen(
        self, con: duckdb.DuckDBPyConnection, month: dt.date, new: np.ndarray, stored: StoredFiles
    ) -> np.ndarray:
        """The hashes of ``new`` (sorted) already in the register for ``month``."""
        return self._month(con, month, stored).found(new)

    def add(self, by_month: dict[dt.date, np.ndarray], *, name: str) -> None:
        """Write the sorted hashes ``by_month`` as segment ``name`` (durable when this
        returns) and add them to the months in memory."""
        self._save(name, by_month)
        for month, values in by_month.items():
            if month in self._months:
                self._months[month].add(values)

    def _save(self, name: str, by_month: dict[dt.date, np.ndarray]) -> None:
        tmp = self.folder / f".{name}.npz.tmp"
        with open(tmp, "wb") as handle:
            arrays = {self._key(m): v.astype(np.uint64) for m, v in by_month.items()}
            np.savez(handle, **arrays)  # type: ignore[arg-type]
        publish(tmp, self.folder / f"{name}.npz")

    def _remove(self, keys: set[str]) -> None:
        """Take ``keys`` out of every segment."""
        for path in self._segments():
            with np.load(path) as segment:
                kept = {k: segment[k] for k in segment.files if k not in keys}
                changed = len(kept) != len(segment.files)
            if not changed:
                continue
            if kept:
                months_kept = {dt.date.fromisoformat(f"{k}-01"): v for k, v in kept.items()}
                self._save(path.stem, months_kept)
            else:
                path.unlink()

    def drop_months(self, months: Sequence[dt.date]) -> None:
        """Forget the months whose records retention dropped."""
        for month in months:
            self._months.pop(month, None)
        self._remove({self._key(m) for m in months})


def hash_files(con: duckdb.DuckDBPyConnection, files: Sequence[Path]) -> np.ndarray:
    """The sorted hashes of the record ids of CDR ``files``."""
    listed = ", ".join(quote_literal(str(p)) for p in files)
    table = con.execute(
        f"SELECT hash(record_id) AS h FROM read_parquet([{listed}])"  # noqa: S608
    ).fetchnumpy()
    return np.sort(np.asarray(table["h"], dtype=np.uint64))


def _found(known: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The values of ``new`` present in the sorted ``known``."""
    if not len(known) or not len(new):
        return np.empty(0, np.uint64)
    at = np.searchsorted(known, new)
    inside = at < len(known)
    hit = np.zeros(len(new), bool)
    hit[inside] = known[at[inside]] == new[inside]
    return new[hit]


def repeated_in(hashes: np.ndarray, *, ordered: bool = False) -> np.ndarray:
    """The hashes that occur more than once in ``hashes`` (already sorted if ``ordered``)."""
    if len(hashes) < 2:
        return np.empty(0, np.uint64)
    values = hashes if ordered else np.sort(hashes)
    same = values[1:] == values[:-1]
    return np.unique(values[1:][same])
