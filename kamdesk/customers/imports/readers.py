"""Reading an import file (CSV or XLSX) into rows of text cells keyed by our column names.

The header row names the columns. A mapping file lets an operator's own export layout
(``客户编码`` instead of ``customer_code``, ``集团`` instead of ``group``) map to ours
without code. Line numbers are those of the file (the header is line 1), so an error
report points at the line the operator sees in a text editor or in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ReadError(ValueError):
    """The file (or the mapping file) cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Row:
    """One data row: its line in the file and its cells (stripped text) by column name."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Mapping:
    """Header names to our column names, and per-column value translations."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]
    duplicates: list[str] = field(default_factory=list)


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file: JSON or TOML, flat (``{"客户编码": "customer_code"}``) or with
    ``columns`` and ``values`` tables."""
    try:
        raw = path.read_bytes()
        data = (
            tomllib.loads(raw.decode("utf-8-sig"))
            if path.suffix.lower() == ".toml"
            else (json.loads(raw.decode("utf-8-sig")))
        )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReadError(_("Cannot read the mapping file: %(reason)s") % {"reason": exc}) from exc
    if not isinstance(data, dict):
        raise ReadError(_("The mapping file must hold a table of column names."))
    if isinstance(data.get("columns"), dict):
        columns, values = data["columns"], data.get("values", {})
    else:
        columns, values = data, {}
    if (
        not _is_str_table(columns)
        or not isinstance(values, dict)
        or not all(_is_str_table(v) for v in values.values())
    ):
        raise ReadError(_("Every name and value in the mapping file must be text."))
    return Mapping(columns=dict(columns), values={k: dict(v) for k, v in values.items()})


def _is_str_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def read_table(path: Path, *, encoding: str | None = None, mapping: Mapping | None = None) -> Table:
    """Read ``path`` (CSV or XLSX, told apart by content) into a ``Table``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(_("Cannot read the file: %(reason)s") % {"reason": exc.strerror}) from exc
    if raw.startswith(XLS_MAGIC):
        raise ReadError(_("Old Excel (.xls) files are not supported: save as .xlsx or CSV."))
    lines = _xlsx_lines(path) if raw.startswith(XLSX_MAGIC) else _csv_lines(raw, encoding)
    return _table(lines, mapping or Mapping())


def decode_csv(raw: bytes, encoding: str | None) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, unless an encoding is forced."""
    if encoding:
        try:
            return raw.decode(encoding)
        except LookupError as exc:
            raise ReadError(_("Unknown encoding %(name)s.") % {"name": encoding}) from exc
        except UnicodeDecodeError as exc:
            raise ReadError(
                _("The file is not in %(name)s (byte %(pos)s).")
                % {"name": encoding, "pos": exc.start}
            ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError(_("The file is neither UTF-8 nor GB18030: give its --encoding.")) from exc


def _csv_lines(raw: bytes, encoding: str | None) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(decode_csv(raw, encoding), newline=""))
    lines, next_line = [], 1
    try:
        for cells in reader:
            # A quoted cell may span lines: a row starts where the previous one ended.
            lines.append((next_line, cells))
            next_line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(
            _("Line %(line)s is not valid CSV: %(reason)s") % {"line": next_line, "reason": exc}
        ) from exc
    return lines


def _xlsx_lines(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ReadError(_("Cannot open the workbook: %(reason)s") % {"reason": exc}) from exc
    try:
        sheet = book.worksheets[0]
        return [
            (number, [_xlsx_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _xlsx_text(value: Any) -> str:
    """A cell as the text a CSV export would hold (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value)


def _table(lines: list[tuple[int, list[str]]], mapping: Mapping) -> Table:
    lines = [(n, cells) for n, cells in lines if any(c.strip() for c in cells)]
    if not lines:
        return Table(columns=[], rows=[])
    columns = [mapping.columns.get(h.strip(), h.strip()) for h in lines[0][1]]
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    rows = [Row(line=number, cells=_cells(columns, cells, mapping)) for number, cells in lines[1:]]
    return Table(columns=[c for c in columns if c], rows=rows, duplicates=duplicates)


def _cells(columns: list[str], cells: list[str], mapping: Mapping) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, column in enumerate(columns):
        if not column or column in values:
            continue
        text = cells[index].strip() if index < len(cells) else ""
        values[column] = mapping.values.get(column, {}).get(text, text)
    return values
