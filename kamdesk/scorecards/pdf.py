"""The monthly scorecard report as a PDF (ReportLab, with the WenQuanYi Micro Hei font
embedded so Chinese renders everywhere)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kamdesk.audit.watermark import Watermark, watermark_pdf_page
from kamdesk.scorecards.selectors import Scorecard
from kamdesk.scorecards.templatetags.scorecards import kpi_change, kpi_value

FONT = "WenQuanYiMicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))


def _p(text: object, size: float = 8.5) -> Paragraph:
    style = ParagraphStyle("c", fontName=FONT, fontSize=size, leading=size * 1.4, wordWrap="CJK")
    return Paragraph(escape(str(text)), style)


def _table(card: Scorecard) -> Table:
    header = [
        _("KPI"),
        _("Value"),
        _("Previous period"),
        _("Change on the previous period"),
        _("Year to date"),
        _("Target"),
        _("Definition"),
    ]
    rows: list[list[object]] = [[_p(h) for h in header]]
    for f in card.figures:
        unit = f.spec.unit
        rows.append(
            [
                _p(f.spec.label),
                _p(kpi_value(f.current.value, unit)),
                _p(kpi_value(f.previous.value, unit)),
                _p(kpi_change(f.change, unit)),
                _p(kpi_value(f.year_to_date.value, unit)),
                _p(kpi_value(f.target, unit)),
                _p(f.spec.definition, 7),
            ]
        )
    table = Table(
        rows,
        colWidths=[45 * mm, 25 * mm, 25 * mm, 22 * mm, 25 * mm, 22 * mm, 100 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def scorecard_pdf(*, cards: list[Scorecard], mark: Watermark | None = None) -> bytes:
    """One section per scorecard: the team (or manager) first, then each manager."""
    _font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_("Scorecard"),
    )
    story: list[object] = []
    for card in cards:
        period = f"{card.period.start:%Y-%m-%d} – {card.period.end:%Y-%m-%d}"
        score = card.score if card.score is not None else "—"
        title = _("Scorecard")
        score_label = _("Score")
        story += [
            _p(f"{title} · {card.scope.label} · {period}", 14),
            _p(f"{score_label}: {score}", 11),
            Spacer(1, 3 * mm),
            _table(card),
            Spacer(1, 8 * mm),
        ]
    generated = _("Generated at %(moment)s") % {"moment": f"{timezone.localtime():%Y-%m-%d %H:%M}"}
    story.append(_p(generated, 7))
    if mark is None:
        doc.build(story)
    else:

        def stamp(canvas: object, _doc: object) -> None:
            watermark_pdf_page(canvas, mark, font=FONT)

        doc.build(story, onFirstPage=stamp, onLaterPages=stamp)
    return out.getvalue()
