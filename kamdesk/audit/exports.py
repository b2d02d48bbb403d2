"""The auditor's export of the trail, as CSV (streamed) or XLSX. Every export is audited."""

from __future__ import annotations

import csv
import io
import json
import zoneinfo
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.selectors import AuditFilters
from kamdesk.audit.services import audit_record
from kamdesk.audit.watermark import Watermark, watermark_workbook

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
XLSX_MAX_ROWS = 200_000
_FIELDS = (
    "seq",
    "at",
    "actor_name",
    "role",
    "action",
    "target_type",
    "target_id",
    "customer_id",
    "purpose",
    "grant_id",
    "ip",
    "extra",
    "hash",
)


def headers() -> list[str]:
    return [*_headers(), _("Watermark")]


def _headers() -> list[str]:
    return [
        _("Sequence"),
        _("Time"),
        _("Actor"),
        _("Role"),
        _("Action"),
        _("Target type"),
        _("Target id"),
        _("Customer id"),
        _("Purpose"),
        _("Grant"),
        _("Client address"),
        _("Details"),
        _("Hash"),
    ]


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _row(values: tuple[Any, ...]) -> list[Any]:
    seq, at, *rest = values
    out: list[Any] = [seq, at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")]
    for value in rest:
        if isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out.append(_safe("" if value is None else value))
    return out


def rows(qs: QuerySet[AuditEvent], mark: Watermark) -> Iterator[list[Any]]:
    """Each event as cells, the last one the exporter's watermark (D3: traceable)."""
    text = mark.text
    for values in qs.values_list(*_FIELDS).iterator(chunk_size=5000):
        yield [*_row(values), text]


def audit_trail_exported(*, user: Any, filters: AuditFilters, fmt: str, count: int) -> None:
    filters_json = {k: (str(v) if v is not None else None) for k, v in asdict(filters).items()}
    audit_record(
        actor=user,
        action="audit.exported",
        target_type="audit.auditevent",
        extra={"format": fmt, "rows": count, "filters": filters_json},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(qs: QuerySet[AuditEvent], filename: str, mark: Watermark) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
        yield writer.writerow(headers())
        for row in rows(qs, mark):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(qs: QuerySet[AuditEvent], filename: str, mark: Watermark) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit trail"))
    sheet.append(headers())
    for row in rows(qs[:XLSX_MAX_ROWS], mark):
        sheet.append(row)
    watermark_workbook(book, mark)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_filename() -> str:
    return f"audit-{timezone.localtime(timezone.now(), SHANGHAI):%Y%m%d-%H%M%S}"
