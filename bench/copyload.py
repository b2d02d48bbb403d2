"""COPY rows into the tables of Django models, and rebuild their secondary indexes.

The column lists come from the models, so a field added later with a default is filled
with that default without touching the bench.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import Any

import psycopg
from django.db import models

Row = dict[str, Any]


def _column_defaults(model: type[models.Model], now: dt.datetime) -> list[tuple[str, str, Any]]:
    """(attname, column, default) for each concrete field, in table order."""
    result = []
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default: Any = now
        else:
            default = field.get_default()
        result.append((field.attname, field.column, default))
    return result


def copy_rows(
    cur: psycopg.Cursor[Any], model: type[models.Model], rows: Iterable[Row], now: dt.datetime
) -> int:
    fields = _column_defaults(model, now)
    names = ", ".join(f'"{column}"' for _, column, _ in fields)
    count = 0
    with cur.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN (FREEZE)") as copy:
        for row in rows:
            copy.write_row([row.get(attname, default) for attname, _, default in fields])
            count += 1
    return count


def secondary_indexes(cur: psycopg.Cursor[Any], table: str) -> list[tuple[str, str]]:
    """Indexes of ``table`` that back no constraint (those can be dropped and rebuilt)."""
    return cur.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = %s::regclass AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        (table,),
    ).fetchall()


def timed(label: str, action: Callable[[], int | None]) -> None:
    t0 = time.monotonic()
    result = action()
    rows = f"{result:>9,} rows " if isinstance(result, int) else " " * 15
    print(f"  {label:<28}{rows}{time.monotonic() - t0:6.1f} s", flush=True)


def create_indexes(cur: psycopg.Cursor[Any], indexes: list[tuple[str, str]]) -> None:
    for _, definition in indexes:
        cur.execute(definition)
