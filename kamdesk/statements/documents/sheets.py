"""Spreadsheet (XLSX, openpyxl in write-only mode) and CSV forms of the documents.

CSV is UTF-8 with a byte-order mark so that Excel on Chinese Windows opens it right.
Amounts are yuan with two decimals, written from integer fen. Pure: no Django import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from kamdesk.statements.documents.bills import CATEGORIES, BillData
from kamdesk.statements.documents.common import ITEM_HEADINGS, Header, Item, ItemSummary, yuan

ITEM_HEADINGS_ROW = list(ITEM_HEADINGS)


def item_cells(index: int, item: Item) -> list[str | int]:
    return [
        index,
        item.start,
        item.service,
        item.direction,
        item.amount,
        item.peer,
        item.roaming,
        yuan(item.charge_fen),
    ]


def head_rows(header: Header) -> list[list[str]]:
    rows = [[header.operator_name, header.title], ["编号", header.number]]
    rows += [["校验码", header.verification_code], ["验真", header.verify_url]]
    rows += [[label, value] for label, value in header.lines]
    return rows


def itemised_rows(header: Header, items: Iterable[Item]) -> Iterable[list]:
    summary = ItemSummary()
    yield from head_rows(header)
    yield []
    yield list(ITEM_HEADINGS)
    for item in items:
        summary.add(item)
        yield item_cells(summary.count, item)
    yield []
    yield ["合计", f"{summary.count} 条", "", "", "", "", "", yuan(summary.charge_fen)]


def bill_rows(header: Header, bill: BillData) -> Iterable[list]:
    yield from head_rows(header)
    yield []
    yield ["账单号", "版本", "用户", *[label for _n, label in CATEGORIES], "应付合计",
           "基础电信服务税额", "增值电信服务税额", "已缴", "余额", "欠费"]  # fmt: skip
    for p in bill.parts:
        yield [
            p.bill_id,
            p.version,
            p.label,
            *[yuan(p.figures[name]) for name, _l in CATEGORIES],
            yuan(p.figures["total_fen"]),
            yuan(p.figures["vat_basic_fen"]),
            yuan(p.figures["vat_value_added_fen"]),
            yuan(p.figures["paid_fen"]),
            yuan(p.figures["balance_fen"]),
            yuan(p.arrears_fen),
        ]
    yield []
    yield ["合计", "", "", *["" for _c in CATEGORIES], yuan(bill.total_fen)]


def to_csv(rows: Iterable[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[list], *, title: str = "明细") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def add_sheet(book: Workbook, title: str, rows: Iterable[list]) -> None:
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(row)
