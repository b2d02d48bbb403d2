"""Reading documents back: text of a PDF (pdftotext), its fonts (pdffonts), sheets."""

from __future__ import annotations

import csv
import io
import subprocess
import tempfile
from decimal import Decimal

from openpyxl import load_workbook


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(  # noqa: S603 - poppler tools on a temporary file
            [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
        )
    return out.stdout.decode("utf-8")


def pdf_text(data: bytes, *, password: str = "") -> str:
    return _run("pdftotext", data, "-layout", *(["-upw", password] if password else []))


def pdf_fonts(data: bytes) -> str:
    return _run("pdffonts", data)


def fen(text: str) -> int:
    return int(Decimal(text.replace(",", "")) * 100)


def sheet_rows(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def item_total(rows: list[list]) -> tuple[int, int]:
    """(records, fen) of the item rows of a sheet: rows whose first cell is an index."""
    items = [r for r in rows if r and isinstance(r[0], int | str) and str(r[0]).isdigit()]
    return len(items), sum(fen(str(r[7])) for r in items)


def total_row(rows: list[list]) -> int:
    last = [r for r in rows if r and r[0] == "合计"][-1]
    return fen(str(last[7]))
