"""The register of stored record ids: built when missing, rebuilt when made by another
DuckDB release, a superset of what is stored (a run that died after writing its
segment), forgotten by retention; its search answers exactly."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from kamdesk.usage import idregister
from kamdesk.usage.engines import duckdb_connect
from kamdesk.usage.models import Ingestion
from kamdesk.usage.services import retention_apply
from tests.usage.data import cdr_rows, write_csv

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)


def _rows(subscribers, months=((2026, 9),), per_month=300):
    return cdr_rows([s.number for s in subscribers], months=list(months), per_month=per_month)


def _two_files(tmp_path, rows):
    first = write_csv(tmp_path / "first.csv", rows[:200])
    second = write_csv(tmp_path / "second.csv", rows[150:])  # repeats 50 of the first
    return first, second


def _register(warehouse) -> dict[str, int]:
    """Month → hashes held, over every segment."""
    held: dict[str, int] = {}
    for path in (warehouse / idregister.FOLDER).glob("*.npz"):
        with np.load(path) as segment:
            for key in segment.files:
                held[key] = held.get(key, 0) + len(segment[key])
    return held


def _register_size(warehouse, month=SEPTEMBER) -> int:
    return _register(warehouse).get(f"{month:%Y-%m}", 0)


def _ingest(path):
    call_command("ingest", "cdr", str(path), stdout=StringIO())
    return Ingestion.objects.get(source_path=str(path))


def test_it_finds_exactly_the_hashes_it_holds(tmp_path):
    register = idregister.IdRegister(tmp_path)
    register.add({SEPTEMBER: np.array([10, 20, 30], np.uint64)}, name="a")
    register.add({SEPTEMBER: np.array([5, 25], np.uint64)}, name="b")
    con = duckdb_connect(memory_limit="256MB")

    found = register.seen(con, SEPTEMBER, np.array([5, 6, 30, 31, 2**64 - 1], np.uint64), list)
    assert register.seen(con, SEPTEMBER, np.array([7], np.uint64), list).tolist() == []

    assert found.tolist() == [5, 30]
    fresh = idregister.IdRegister(tmp_path)  # a new run reads the segments back
    assert fresh.hashes(con, SEPTEMBER, list).tolist() == [5, 10, 20, 25, 30]
    assert idregister.repeated_in(np.array([3, 1, 3, 2, 1, 3], np.uint64)).tolist() == [1, 3]


def test_a_warehouse_without_a_register_gets_one_and_still_drops_repeats(
    warehouse, group, tmp_path
):
    _customer, _account, subscribers = group
    first, second = _two_files(tmp_path, _rows(subscribers))
    _ingest(first)
    shutil.rmtree(warehouse / idregister.FOLDER)  # as before the register existed

    run = _ingest(second)

    assert (run.rows_good, run.rows_duplicate) == (100, 50)
    assert _register_size(warehouse) == 300


def test_a_register_written_by_another_duckdb_is_rebuilt(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    first, second = _two_files(tmp_path, _rows(subscribers))
    _ingest(first)
    (warehouse / idregister.FOLDER / "VERSION").write_text("duckdb 0.0.1\n")
    for segment in (warehouse / idregister.FOLDER).glob("*.npz"):
        with open(segment, "wb") as handle:  # another release's hashes
            np.savez(handle, **{"2026-09": np.array([1, 2, 3], np.uint64)})

    run = _ingest(second)

    assert (run.rows_good, run.rows_duplicate) == (100, 50)
    assert _register_size(warehouse) == 300


def test_ids_of_a_run_that_died_before_its_commit_are_checked_not_trusted(
    warehouse, group, tmp_path
):
    """The register may name ids no registered file holds: those rows are new."""
    _customer, _account, subscribers = group
    rows = _rows(subscribers)
    first, second = _two_files(tmp_path, rows)
    _ingest(first)
    con = duckdb_connect(memory_limit="256MB")
    ids = ", ".join(f"('{r['record_id']}')" for r in rows[200:])
    died = con.execute(f"SELECT hash(x) AS h FROM (VALUES {ids}) v(x) ORDER BY h").fetchnumpy()  # noqa: S608
    idregister.IdRegister(warehouse).add({SEPTEMBER: died["h"]}, name="i999999")

    run = _ingest(second)

    assert (run.rows_good, run.rows_duplicate) == (100, 50)


def test_retention_forgets_the_ids_of_the_months_it_drops(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = _rows(subscribers, months=((2026, 1), (2026, 9)), per_month=100)
    _ingest(write_csv(tmp_path / "cdr.csv", rows))
    assert _register_size(warehouse, dt.date(2026, 1, 1)) == 100

    retention_apply(keep_months=6, today=dt.date(2026, 11, 28))

    assert sorted(_register(warehouse)) == ["2026-09"]


@pytest.mark.nodb
@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=3000), min_size=1, max_size=8),
    st.lists(st.integers(0, 2**64 - 1), max_size=500),
    st.integers(0, 2**32),
)
def test_a_months_filter_and_segments_answer_exactly(segments, others, seed):
    """Whatever the hashes, as the filter grows and is rebuilt: no held hash is missed,
    no other is reported."""
    month = idregister._Month()
    held: set[int] = set()
    for values in segments:
        month.add(np.array(sorted(values), np.uint64))
        held.update(values)
    some_held = random.Random(seed).sample(sorted(held), min(len(held), 200))
    probe = sorted(set(others) | set(some_held))
    found = month.found(np.array(probe, np.uint64))
    assert found.tolist() == sorted(held & set(probe))
    assert month.count == sum(len(v) for v in segments)


@pytest.mark.nodb
def test_a_months_filter_grows_with_it():
    month = idregister._Month()
    rng = np.random.default_rng(7)
    first = len(month.words)
    for _ in range(6):
        month.add(np.sort(rng.integers(0, 2**64 - 1, 60_000, dtype=np.uint64)))
    assert len(month.words) > first
    assert month.count <= month._capacity()
    new = np.sort(rng.integers(0, 2**64 - 1, 100_000, dtype=np.uint64))
    word, mask = month._positions(new)
    assert ((month.words[word] & mask) == mask).mean() < 0.002  # few pass the filter
