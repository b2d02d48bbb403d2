"""The usage panel as a spreadsheet: the same figures as the page, one sheet per table.

Money leaves as Decimal yuan (the spreadsheet can sum it), numbers only masked, and
text a spreadsheet would read as a formula is defused (CSV/formula injection).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from kamdesk.audit.watermark import Watermark, watermark_workbook
from kamdesk.core.masking import mask_number
from kamdesk.usage.models import fen_to_yuan
from kamdesk.usage.summary import CustomerUsage, MonthLine

Cell = str | int | Decimal | None
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _month_header(shows_bills: bool) -> list[str]:
    header = [
        _("Month"),
        _("Spend (yuan)"),
        _("Voice (yuan)"),
        _("SMS (yuan)"),
        _("Data (yuan)"),
        _("Month on month (%)"),
        _("Year on year (%)"),
        _("Voice minutes"),
        _("Calls out"),
        _("SMS"),
        _("Data (MB)"),
        _("Roaming records"),
        _("International roaming records"),
        _("Roaming (yuan)"),
        _("Calls to competitors' service numbers"),
        _("Distinct peers"),
    ]
    if shows_bills:
        header += [_("Billed (yuan)"), _("Arrears (yuan)"), _("Group products (yuan)")]
    return header


def _month_row(line: MonthLine, shows_bills: bool) -> list[Cell]:
    u = line.usage
    row: list[Cell] = [
        f"{line.month:%Y-%m}",
        fen_to_yuan(u.total_fen),
        fen_to_yuan(u.voice_fen),
        fen_to_yuan(u.sms_fen),
        fen_to_yuan(u.data_fen),
        line.mom_percent,
        line.yoy_percent,
        line.voice_minutes,
        u.voice_out_calls,
        line.sms,
        line.data_mb,
        u.roaming_records,
        u.intl_roaming_records,
        fen_to_yuan(u.roaming_fen),
        u.competitor_service_calls,
        u.distinct_peers,
    ]
    if shows_bills:
        row += [
            fen_to_yuan(line.billed_fen),
            fen_to_yuan(line.arrears_fen),
            fen_to_yuan(line.products_fen),
        ]
    return row


def _sheet(workbook: Workbook, title: str, header: Sequence[str], rows: list[list[Cell]]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_safe(cell) for cell in row])


def usage_workbook(summary: CustomerUsage, *, mark: Watermark | None = None) -> tuple[bytes, int]:
    """The spreadsheet's bytes and the number of data rows in it, stamped with ``mark``."""
    workbook = Workbook(write_only=True)
    months = [_month_row(line, summary.shows_bills) for line in summary.lines]
    _sheet(workbook, _("Monthly usage"), _month_header(summary.shows_bills), months)
    people_header = [
        _("Number"),
        _("Subscriber id"),
        _("Actual user"),
        _("Spend (yuan)"),
        _("Previous month (yuan)"),
        _("Change (yuan)"),
    ]
    for title, figures in (
        (_("Top by spend"), summary.top_by_spend),
        (_("Top by change"), summary.top_by_change),
    ):
        rows: list[list[Cell]] = [
            [
                mask_number(f.number),
                f.subscriber_id,
                f.user_name,
                fen_to_yuan(f.total_fen),
                fen_to_yuan(f.previous_fen),
                fen_to_yuan(f.change_fen),
            ]
            for f in figures
        ]
        _sheet(workbook, title, people_header, rows)
    idle: list[list[Cell]] = [
        [mask_number(s.number), s.subscriber_id, s.user_name] for s in summary.without_usage
    ]
    _sheet(workbook, _("No usage"), [_("Number"), _("Subscriber id"), _("Actual user")], idle)
    products: list[list[Cell]] = [
        [p.product_id, p.name, p.get_kind_display(), p.monthly_fee] for p in summary.products
    ]
    _sheet(
        workbook,
        _("Group products"),
        [_("Product id"), _("Name"), _("Kind"), _("Monthly fee (yuan)")],
        products,
    )
    if mark is not None:
        watermark_workbook(workbook, mark)
    buffer = io.BytesIO()
    workbook.save(buffer)
    count = len(months) + len(summary.top_by_spend) + len(summary.top_by_change)
    return buffer.getvalue(), count + len(idle) + len(products)
