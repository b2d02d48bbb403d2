"""The proposal as a branded PDF in Chinese (ReportLab, with the CJK font embedded).

Without an embedded CJK font Chinese renders as empty boxes while text extraction still
works, so the font is registered from the file and embedded (checked with ``pdffonts``).
"""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kamdesk.advisor.models import Proposal
from kamdesk.audit.watermark import Watermark, watermark_pdf_page
from kamdesk.core.money import format_yuan

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WenQuanYiMicroHei"
BRAND = "中国移动 政企客户服务"
BRAND_COLOUR = colors.HexColor("#0085D0")
STATUS_NAMES = {"draft": "草稿", "sent": "已发送", "accepted": "已接受", "rejected": "未采纳"}


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontSize=18, leading=26, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", parent=body, fontSize=13, leading=20, textColor=BRAND_COLOUR, spaceBefore=8
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8, leading=11, textColor=colors.grey
        ),
    }


def yuan(value: Decimal) -> str:
    return format_yuan(value)


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]


def _items_table(proposal: Proposal, styles: dict[str, ParagraphStyle]) -> Table:
    cell = styles["cell"]
    rows: list[list[object]] = [
        [Paragraph(h, cell) for h in ("方案内容", "备案编号", "数量", "现月费", "新月费", "月节省")]
    ]
    for item in proposal.items.all():
        rows.append(
            [
                Paragraph(escape(item.description), cell),
                Paragraph(item.filing_number or "—", cell),
                str(item.quantity),
                yuan(item.current_monthly),
                yuan(item.new_monthly),
                yuan(item.saving_monthly),
            ]
        )
    table = Table(rows, colWidths=[62 * mm, 26 * mm, 12 * mm, 24 * mm, 24 * mm, 24 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _font()),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6F3FA")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#B0C4D0")),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def totals(proposal: Proposal) -> dict[str, Decimal]:
    items = list(proposal.items.all())
    current = sum((i.current_monthly for i in items), Decimal("0"))
    new = sum((i.new_monthly for i in items), Decimal("0"))
    return {
        "current": current,
        "new": new,
        "saving_month": current - new,
        "saving_year": (current - new) * 12,
        "revenue_year": (new - current) * 12,
    }


def _figures(proposal: Proposal, styles: dict[str, ParagraphStyle]) -> list[object]:
    sums = totals(proposal)
    lines = [
        f"调整前月费合计：{yuan(sums['current'])}　调整后月费合计：{yuan(sums['new'])}",
        f"客户每月节省：{yuan(sums['saving_month'])}　每年节省：{yuan(sums['saving_year'])}",
        f"运营商年收入变化：{yuan(sums['revenue_year'])}（与客户节省对应列示）",
    ]
    return [Paragraph(line, styles["body"]) for line in lines]


def _header_footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFillColor(BRAND_COLOUR)
    canvas.rect(0, A4[1] - 14 * mm, A4[0], 14 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(_font(), 11)
    canvas.drawString(18 * mm, A4[1] - 9 * mm, BRAND)
    canvas.setFillColor(colors.grey)
    canvas.setFont(_font(), 8)
    canvas.drawString(18 * mm, 10 * mm, "本方案仅推荐已公开备案的资费，不含任何私下优惠。")
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def proposal_pdf(proposal: Proposal, *, mark: Watermark | None = None) -> bytes:
    """The proposal as PDF bytes; a staff download carries ``mark`` on every page (D3)."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=24 * mm,
        bottomMargin=18 * mm,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        title=proposal.title,
        author=BRAND,
    )
    manager = proposal.created_by
    story: list[object] = [
        Paragraph(escape(proposal.title), styles["title"]),
        Paragraph(
            f"致：{escape(proposal.customer.name)}　日期：{proposal.created_at:%Y年%m月%d日}"
            f"　状态：{STATUS_NAMES.get(proposal.status, proposal.status)}",
            styles["small"],
        ),
        Paragraph("一、现状", styles["heading"]),
        *_paragraphs(proposal.situation, styles["body"]),
        Paragraph("二、建议方案", styles["heading"]),
        *_paragraphs(proposal.solution, styles["body"]),
        Spacer(1, 4 * mm),
        _items_table(proposal, styles),
        Spacer(1, 3 * mm),
        *_figures(proposal, styles),
        Paragraph("三、条款与说明", styles["heading"]),
        *_paragraphs(proposal.terms, styles["body"]),
        Spacer(1, 6 * mm),
        Paragraph(
            f"客户经理：{escape(manager.get_full_name() or manager.get_username())}",
            styles["body"],
        ),
    ]

    def page(canvas: object, page_doc: object) -> None:
        _header_footer(canvas, page_doc)
        if mark is not None:
            watermark_pdf_page(canvas, mark, font=FONT)

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()
