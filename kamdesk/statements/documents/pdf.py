"""PDF documents drawn with ReportLab's canvas and the embedded WenQuanYi Micro Hei font.

Drawn directly on the canvas (no flowable layout): a 3,000-row statement takes well
under a second, which large groups (thousands of files) need. Every page carries the
operator's name (and logo when configured), the statement number, the verification code
and "page n of N"; the last page carries the totals and a QR code of the verification
page. Pure: no Django import.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from kamdesk.statements.documents.bills import BillData
from kamdesk.statements.documents.common import ITEM_HEADINGS, Header, Item, ItemSummary, yuan

FONT_PATH = os.environ.get("KAM_PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WQYMicroHei"
WIDTH, HEIGHT = A4
MARGIN = 36
ROW = 12.5
ITEM_SIZE = 7.5
HEADER_HEIGHT = 128
FOOTER_HEIGHT = 30
ROWS_PER_PAGE = int((HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT) // ROW)
SUMMARY_ROWS = 14  # room the totals and the QR code need on the last page
COLUMNS_X = (MARGIN, MARGIN + 34, MARGIN + 140, MARGIN + 180, MARGIN + 216, MARGIN + 300)
COLUMNS_X2 = (MARGIN + 410, WIDTH - MARGIN)  # roaming (left), charge (right-aligned)


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _header(c: Canvas, header: Header, page: int, pages: int) -> float:
    font = _font()
    top = HEIGHT - MARGIN
    x = MARGIN
    if header.logo_path and os.path.exists(header.logo_path):
        c.drawImage(header.logo_path, MARGIN, top - 28, width=28, height=28, mask="auto")
        x += 36
    c.setFont(font, 11)
    c.drawString(x, top - 12, header.operator_name)
    c.setFont(font, 15)
    c.drawString(x, top - 30, header.title)
    c.setFont(font, 8.5)
    c.drawRightString(WIDTH - MARGIN, top - 12, f"编号 {header.number}")
    c.drawRightString(WIDTH - MARGIN, top - 24, f"校验码 {header.verification_code}")
    y = top - 48
    for i, (label, value) in enumerate(header.lines[:8]):
        col_x = MARGIN + (i % 2) * (WIDTH - 2 * MARGIN) / 2
        c.drawString(col_x, y - (i // 2) * 12, f"{label}：{value}")
    c.line(MARGIN, top - HEADER_HEIGHT + 8, WIDTH - MARGIN, top - HEADER_HEIGHT + 8)
    c.setFont(font, 7.5)
    c.drawString(MARGIN, MARGIN - 14, f"验真：{header.verify_url}（编号与校验码）")
    c.drawRightString(WIDTH - MARGIN, MARGIN - 14, f"第 {page} 页 / 共 {pages} 页")
    return top - HEADER_HEIGHT


def _item_headings(c: Canvas, y: float) -> float:
    c.setFont(FONT, 8)
    for x, text in zip(COLUMNS_X, ITEM_HEADINGS[:6], strict=True):
        c.drawString(x, y, text)
    c.drawString(COLUMNS_X2[0], y, ITEM_HEADINGS[6])
    c.drawRightString(COLUMNS_X2[1], y, ITEM_HEADINGS[7])
    return y - ROW


def _item_row(t: PDFTextObject, y: float, index: int, item: Item) -> None:
    # One text object per page, positioned per cell: far cheaper than drawString, which
    # opens a text object for every call (a large group prints a million rows).
    values = (str(index), item.start, item.service, item.direction, item.amount, item.peer)
    for x, text in zip(COLUMNS_X, values, strict=True):
        if text:
            t.setTextOrigin(x, y)
            t.textOut(text)
    t.setTextOrigin(COLUMNS_X2[0], y)
    t.textOut(item.roaming)
    charge = yuan(item.charge_fen)
    t.setTextOrigin(COLUMNS_X2[1] - pdfmetrics.stringWidth(charge, FONT, ITEM_SIZE), y)
    t.textOut(charge)


def _rows_text(c: Canvas) -> PDFTextObject:
    text = c.beginText()
    text.setFont(FONT, ITEM_SIZE)
    return text


def _qr(c: Canvas, url: str, x: float, y: float, size: float = 64) -> None:
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def _summary(c: Canvas, y: float, summary: ItemSummary, header: Header) -> None:
    c.line(MARGIN, y + 4, WIDTH - MARGIN, y + 4)
    c.setFont(FONT, 9)
    y -= 8
    for service, (count, fen) in sorted(summary.by_service.items()):
        c.drawString(MARGIN, y, f"{service}：{count} 条")
        c.drawRightString(COLUMNS_X2[1], y, f"{yuan(fen)} 元")
        y -= ROW
    c.setFont(FONT, 11)
    c.drawString(MARGIN, y - 4, f"合计：{summary.count} 条记录")
    c.drawRightString(COLUMNS_X2[1], y - 4, f"合计 {yuan(summary.charge_fen)} 元")
    _qr(c, header.verify_url, MARGIN, y - 76)


def itemised_pdf(*, header: Header, items: Iterable[Item], count: int) -> tuple[bytes, ItemSummary]:
    """The itemised statement of ``count`` items; returns the PDF and what it added up."""
    pages = max(1, math.ceil((count + SUMMARY_ROWS) / ROWS_PER_PAGE))
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=_font())
    c.setTitle(f"{header.title} {header.number}")
    summary, page, on_page = ItemSummary(), 1, 0
    y = _item_headings(c, _header(c, header, page, pages))
    text = _rows_text(c)
    for item in items:
        if on_page == ROWS_PER_PAGE:
            c.drawText(text)
            c.showPage()
            page, on_page = page + 1, 0
            y = _item_headings(c, _header(c, header, page, pages))
            text = _rows_text(c)
        summary.add(item)
        _item_row(text, y, summary.count, item)
        y, on_page = y - ROW, on_page + 1
    c.drawText(text)
    if on_page + SUMMARY_ROWS > ROWS_PER_PAGE:
        c.showPage()
        page += 1
        y = _header(c, header, page, pages)
    _summary(c, y, summary, header)
    c.showPage()
    c.save()
    return out.getvalue(), summary


def bill_pdf(*, header: Header, bill: BillData) -> bytes:
    """The bill: charges by category, per subscriber for groups, VAT, payments, balance."""
    return lines_pdf(header=header, lines=bill.printed_lines())


QR_ROOM = 70  # the verification QR code under the last line


def _line_pages(
    lines: list[tuple[str, str, bool]],
) -> tuple[list[list[tuple[str, str, bool]]], bool]:
    """The lines cut into pages, and whether the QR code needs a page of its own."""
    per_page = ROWS_PER_PAGE - 2
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    used = sum(ROW + (2 if bold else 0) for _label, _value, bold in pages[-1])
    y = HEIGHT - MARGIN - HEADER_HEIGHT - used
    return pages, y < MARGIN + FOOTER_HEIGHT + QR_ROOM


def lines_pdf(*, header: Header, lines: list[tuple[str, str, bool]]) -> bytes:
    """A document of labelled amounts (a bill, a group's summary); headings larger."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=_font())
    c.setTitle(f"{header.title} {header.number}")
    chunks, qr_alone = _line_pages(lines)
    pages = len(chunks) + (1 if qr_alone else 0)
    y = 0.0
    for page, chunk in enumerate(chunks, start=1):
        if page > 1:
            c.showPage()
        y = _header(c, header, page, pages)
        for label, value, bold in chunk:
            c.setFont(FONT, 10 if bold else 8.5)
            c.drawString(MARGIN + (0 if bold else 12), y, label)
            c.drawRightString(WIDTH - MARGIN, y, value)
            y -= ROW + (2 if bold else 0)
    if qr_alone:
        c.showPage()
        y = _header(c, header, pages, pages)
    _qr(c, header.verify_url, MARGIN, y - QR_ROOM)
    c.showPage()
    c.save()
    return out.getvalue()
