"""The register of stored record ids: rebuilt when missing or made by another DuckDB, a
superset of what is stored (a run that died after adding to it), forgotten by retention."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import duckdb
import pytest
from django.core.management import call_command

from kamdesk.usage import idregister
from kamdesk.usage.models import Ingestion
from kamdesk.usage.services import retention_apply
from tests.usage.data import cdr_rows, write_csv

pytestmark = pytest.mark.django_db


def _ids_in_register(root) -> int:
    con = duckdb.connect(str(root / idregister.FILE_NAME), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM ids").fetchall()[0][0]
    finally:
        con.close()


def _two_files(tmp_path, subscribers):
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=300)
    first = write_csv(tmp_path / "first.csv", rows[:200])
    second = write_csv(tmp_path / "second.csv", rows[150:])  # repeats 50 of the first
    return first, second


def test_a_warehouse_without_a_register_gets_one_and_still_drops_repeats(
    warehouse, group, tmp_path
):
    _customer, _account, subscribers = group
    first, second = _two_files(tmp_path, subscribers)
    call_command("ingest", "cdr", str(first), stdout=StringIO())
    (warehouse / idregister.FILE_NAME).unlink()  # as written before the register existed

    call_command("ingest", "cdr", str(second), stdout=StringIO())

    run = Ingestion.objects.get(source_path=str(second))
    assert (run.rows_good, run.rows_duplicate) == (100, 50)
    assert _ids_in_register(warehouse) == 300


def test_a_register_built_by_another_duckdb_is_rebuilt(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    first, second = _two_files(tmp_path, subscribers)
    call_command("ingest", "cdr", str(first), stdout=StringIO())
    con = duckdb.connect(str(warehouse / idregister.FILE_NAME))
    con.execute("UPDATE meta SET version = 'duckdb 0.0.1'")
    con.execute("DELETE FROM ids")  # hashes of another release would not match
    con.close()

    call_command("ingest", "cdr", str(second), stdout=StringIO())

    run = Ingestion.objects.get(source_path=str(second))
    assert (run.rows_good, run.rows_duplicate) == (100, 50)


def test_ids_of_a_run_that_died_before_its_commit_are_checked_not_trusted(
    warehouse, group, tmp_path
):
    """The register may name ids no registered file holds: those rows are new."""
    _customer, _account, subscribers = group
    rows = cdr_rows([s.number for s in subscribers], months=[(2026, 9)], per_month=300)
    first, second = _two_files(tmp_path, subscribers)
    call_command("ingest", "cdr", str(first), stdout=StringIO())
    # The ids of the second file's new rows, as a run that died after adding them left.
    con = duckdb.connect(str(warehouse / idregister.FILE_NAME))
    con.execute(
        "INSERT INTO ids SELECT DATE '2026-09-01', hash(x) FROM (VALUES "
        + ", ".join(f"('{r['record_id']}')" for r in rows[200:])
        + ") v(x)"
    )
    con.close()

    call_command("ingest", "cdr", str(second), stdout=StringIO())

    run = Ingestion.objects.get(source_path=str(second))
    assert (run.rows_good, run.rows_duplicate) == (100, 50)


def test_retention_forgets_the_ids_of_the_months_it_drops(warehouse, group, tmp_path):
    _customer, _account, subscribers = group
    rows = cdr_rows(
        [s.number for s in subscribers], months=[(2026, 1), (2026, 9)], per_month=100
    )
    call_command("ingest", "cdr", str(write_csv(tmp_path / "cdr.csv", rows)), stdout=StringIO())
    assert _ids_in_register(warehouse) == 200

    retention_apply(keep_months=6, today=dt.date(2026, 11, 28))

    con = duckdb.connect(str(warehouse / idregister.FILE_NAME), read_only=True)
    months = con.execute("SELECT DISTINCT month FROM ids").fetchall()
    con.close()
    assert months == [(dt.date(2026, 9, 1),)]
