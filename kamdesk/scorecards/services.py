"""Writes of scorecards: the start-of-year revenue snapshot, and audited exports."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kamdesk.audit.services import audit_record
from kamdesk.audit.watermark import Watermark, export_mark, watermark_workbook
from kamdesk.customers.models import Customer
from kamdesk.scorecards.kpis.revenue import december_revenue
from kamdesk.scorecards.models import RevenueSnapshot
from kamdesk.scorecards.selectors import Figure, Scorecard
from kamdesk.users.models import User


def revenue_snapshot_take(*, year: int, actor: User | None = None) -> int:
    """Freeze every customer's December revenue of ``year - 1`` as the start of ``year``
    (拍照收入), with the manager holding it now. Runs once: later runs add only customers
    missing from the snapshot, so the scheduler may run it twice."""
    revenue = december_revenue(year - 1, Q())
    managers = dict(Customer.objects.filter(pk__in=list(revenue)).values_list("pk", "manager_id"))
    rows = [
        RevenueSnapshot(year=year, customer_id=cid, manager_id=managers.get(cid), revenue_fen=fen)
        for cid, fen in revenue.items()
    ]
    with transaction.atomic():
        created = RevenueSnapshot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        audit_record(
            actor=actor,
            action="kpi.revenue_snapshot",
            target_type="scorecards.revenuesnapshot",
            target_id=str(year),
            extra={"customers": len(rows)},
        )
    return len(created)


def _number(value: Decimal | None) -> float | None:
    # Spreadsheets hold binary floats; the figures are rounded to two places already.
    return float(value) if value is not None else None


def _figure_row(f: Figure) -> list[object]:
    return [
        str(f.spec.label),
        f.spec.unit,
        _number(f.current.value),
        _number(f.current.numerator),
        _number(f.current.denominator),
        _number(f.previous.value),
        _number(f.year_to_date.value),
        _number(f.target),
        _number(f.weight),
        str(f.spec.definition),
    ]


def scorecard_export(*, actor: User, cards: list[Scorecard], fmt: str = "xlsx") -> bytes:
    """The scorecards as a spreadsheet (one sheet each) or a PDF report, stamped with
    ``actor``'s watermark (D3); audited."""
    mark = export_mark(actor)
    data = _pdf(cards, mark) if fmt == "pdf" else _xlsx(cards, mark)
    first = cards[0]
    audit_record(
        actor=actor,
        action="kpi.exported",
        target_type=f"scorecards.{first.scope.kind}",
        target_id=str(first.scope.id or "province"),
        purpose="export",
        extra={
            "format": fmt,
            "from": first.period.start.isoformat(),
            "to": first.period.end.isoformat(),
            "scorecards": len(cards),
        },
    )
    return data


def _pdf(cards: list[Scorecard], mark: Watermark) -> bytes:
    from kamdesk.scorecards.pdf import scorecard_pdf

    return scorecard_pdf(cards=cards, mark=mark)


def _xlsx(cards: list[Scorecard], mark: Watermark) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    header = [
        _("KPI"),
        _("Unit"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Previous period"),
        _("Year to date"),
        _("Target"),
        _("Weight"),
        _("Definition"),
    ]
    for index, card in enumerate(cards):
        sheet = book.create_sheet(title=f"{index + 1} {card.scope.label}"[:31])
        sheet.append([card.scope.label, f"{card.period.start} – {card.period.end}"])
        sheet.append([_("Score"), _number(card.score)])
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for figure in card.figures:
            sheet.append(_figure_row(figure))
    watermark_workbook(book, mark)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def targets_save(*, actor: User, rows: dict[str, tuple[Decimal | None, Decimal]]) -> int:
    """Set each KPI's target and weight (a missing target removes the KPI from the score)."""
    from kamdesk.core.errors import ValidationFailed
    from kamdesk.scorecards.kpis import kpis_available
    from kamdesk.scorecards.models import KpiTarget

    known = {s.code for s in kpis_available()}
    errors = {
        code: [_("The target must be above zero and the weight zero or more.")]
        for code, (target, weight) in rows.items()
        if (target is not None and target <= 0) or weight < 0
    }
    errors.update({code: [_("Unknown KPI.")] for code in rows if code not in known})
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        for code, (target, weight) in rows.items():
            if target is None:
                KpiTarget.objects.filter(code=code).delete()
            else:
                KpiTarget.objects.update_or_create(
                    code=code, defaults={"target": target, "weight": weight}
                )
        audit_record(
            actor=actor,
            action="kpi.targets_changed",
            target_type="scorecards.kpitarget",
            extra={c: [str(t) if t is not None else None, str(w)] for c, (t, w) in rows.items()},
        )
    return len(rows)
