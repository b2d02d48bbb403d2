"""Watermarks: who looked, and when, on every page and file with customer data (D3).

Pure: no Django import. A leaked photo of a screen or a leaked file names the staff
member it was shown to. Pages get a tiled SVG background (``svg``), served by a view so
that the strict CSP needs no inline style; files get the same text:

- CSV: one more column, ``watermark_header`` / the text on every row (``csv_rows``), so
  every excerpt stays traceable and readers that count rows are not surprised;
- XLSX: the page header and footer of every sheet (``xlsx_stamp``), the workbook's
  author and keywords, and the same extra column where callers add it;
- PDF: a footer line and a faint diagonal text on every page (``pdf_stamp``).
"""

from __future__ import annotations

import datetime as dt
import html
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Watermark:
    staff_id: str
    name: str
    at: dt.datetime  # aware

    @property
    def text(self) -> str:
        local = self.at.astimezone(SHANGHAI)
        who = " ".join(p for p in (self.staff_id, self.name) if p)
        return f"{who} {local:%Y-%m-%d %H:%M}"


def watermark_of(user: Any, at: dt.datetime | None = None) -> Watermark:
    """The watermark of ``user`` (a staff member: ``staff_id``, ``display_name``)."""
    name = getattr(user, "display_name", "") or getattr(user, "username", "")
    return Watermark(
        staff_id=str(getattr(user, "staff_id", "") or ""),
        name=str(name),
        at=at or dt.datetime.now(dt.UTC),
    )


def svg(mark: Watermark, *, width: int = 360, height: int = 200) -> str:
    """One tile of the page watermark: the text turned -25°, faint, repeated by CSS."""
    text = html.escape(mark.text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" '
        f'transform="rotate(-25 {width // 2} {height // 2})" fill="#6c757d" '
        f'fill-opacity="0.13" font-size="15" font-family="sans-serif">{text}</text></svg>'
    )


def csv_rows(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], mark: Watermark, *, label: str
) -> Iterator[list[Any]]:
    """``header`` and ``rows`` with one more column, ``label`` / the watermark text."""
    yield [*header, label]
    text = mark.text
    for row in rows:
        yield [*row, text]


def xlsx_stamp(sheet: Any, mark: Watermark, *, label: str) -> None:
    """Put the watermark in the printed header and footer of an openpyxl worksheet."""
    text = f"{label} {mark.text}".replace("&", "&&")
    for part in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
        part.right.text = text
    for part in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        part.left.text = text
        part.right.text = "&P / &N"


def workbook_stamp(book: Any, mark: Watermark, *, label: str) -> None:
    """The workbook's author and keywords name the viewer too; every sheet is stamped."""
    book.properties.creator = mark.text
    book.properties.keywords = f"{label} {mark.text}"
    for sheet in book.worksheets:
        xlsx_stamp(sheet, mark, label=label)


def pdf_stamp(canvas: Any, mark: Watermark, *, label: str, font: str = "Helvetica") -> None:
    """Draw the footer line and the faint diagonal text on a ReportLab canvas page."""
    width, height = canvas._pagesize
    text = f"{label} {mark.text}"
    canvas.saveState()
    canvas.setFont(font, 7)
    canvas.setFillGray(0.4)
    canvas.drawString(28, 14, text)
    canvas.setFont(font, 28)
    canvas.setFillAlpha(0.08)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, mark.text)
    canvas.restoreState()
