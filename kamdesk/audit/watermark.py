"""Watermarks for exported files, for every capability's exports (D3).

Every file with customer data names the staff member it was exported for and the time
(``kamdesk.core.watermark`` draws them; this module adds the translated labels):

    mark = export_mark(request.user)
    header, rows = watermark_columns(header, rows, mark)      # CSV and sheet columns
    watermark_workbook(book, mark)                            # XLSX header/footer, author
    watermark_pdf_page(canvas, mark, font="WQY")              # each ReportLab page

With ReportLab, call ``watermark_pdf_page`` from ``onPage`` (and ``onLaterPages``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from kamdesk.core import watermark
from kamdesk.core.watermark import Watermark

__all__ = [
    "Watermark",
    "export_mark",
    "watermark_columns",
    "watermark_pdf_page",
    "watermark_workbook",
]


def export_mark(user: Any, at: dt.datetime | None = None) -> Watermark:
    return watermark.watermark_of(user, at)


def _label() -> str:
    return _("Exported for")


def watermark_columns(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], mark: Watermark
) -> tuple[list[Any], list[list[Any]]]:
    """The header and rows with a last column, "Watermark", holding the mark on each row."""
    out = list(watermark.csv_rows(header, rows, mark, label=_("Watermark")))
    return out[0], out[1:]


def watermark_workbook(book: Any, mark: Watermark) -> None:
    """Stamp every sheet's printed header and footer and the workbook's properties."""
    watermark.workbook_stamp(book, mark, label=_label())


def watermark_pdf_page(canvas: Any, mark: Watermark, *, font: str = "Helvetica") -> None:
    """Draw the watermark on the current ReportLab page (use a CJK font for names)."""
    watermark.pdf_stamp(canvas, mark, label=_label(), font=font)
