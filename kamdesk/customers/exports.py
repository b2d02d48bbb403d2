"""Files of the customer list: rows in, bytes out.

Identity numbers leave only in their masked form (D3); the USCC is a public company
id and leaves in clear. Text cells that a spreadsheet would read as a formula are
defused with a leading apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kamdesk.audit.watermark import Watermark, watermark_workbook
from kamdesk.customers.models import Customer

Cell = str | int | Decimal
Row = list[Cell]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _label(name: str) -> str:
    field = cast("Field[Any, Any]", Customer._meta.get_field(name))
    return str(capfirst(field.verbose_name))


def export_header() -> list[str]:
    """Column titles in the user's language, from the model's own field names."""
    first = ("code", "name", "kind", "grade", "uscc", "id_type")
    rest = (
        "industry",
        "region",
        "district",
        "status",
        "credit_tier",
        "manager",
        "backup_manager",
        "monthly_revenue",
        "arpu",
        "months_on_network",
    )
    return [*map(_label, first), _("Identity number (masked)"), *map(_label, rest)]


def export_row(customer: Customer) -> Row:
    """One customer as export cells; money stays Decimal so spreadsheets can sum it."""
    return [
        customer.code,
        customer.name,
        customer.get_kind_display(),
        customer.grade.name if customer.grade_id else "",
        customer.uscc,
        customer.get_id_type_display() if customer.id_type else "",
        customer.id_number_masked,
        customer.industry,
        customer.region,
        customer.district,
        customer.get_status_display(),
        customer.credit_tier,
        str(customer.manager or ""),
        str(customer.backup_manager or ""),
        customer.monthly_revenue,
        customer.arpu,
        customer.months_on_network,
    ]


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def to_csv(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(
    header: Sequence[str], rows: Iterable[Row], *, title: str, mark: Watermark | None = None
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    if mark is not None:
        watermark_workbook(workbook, mark)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
