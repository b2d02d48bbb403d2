"""The order form the customer signs (业务受理单), as a PDF in Chinese with the CJK font
embedded: the items, their sum, the discount, the total and the signature image."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kamdesk.audit.watermark import Watermark, watermark_pdf_page
from kamdesk.core.masking import mask_number
from kamdesk.core.money import format_yuan
from kamdesk.orders.models import Order
from kamdesk.orders.services.orders import totals_of

FONT = "WQYMicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=11, textColor=colors.grey)
    return title, body, small


def _items_table(order: Order, body: ParagraphStyle) -> Table:
    head: list[object] = [
        _("No."),
        _("Kind"),
        _("Content"),
        _("Number"),
        _("Unit price"),
        _("Qty"),
        _("Amount"),
    ]
    rows: list[list[object]] = [head]
    for n, i in enumerate(order.items.select_related("subscriber").order_by("pk"), start=1):
        number = i.number or (i.subscriber.number if i.subscriber else "")
        rows.append(
            [
                str(n),
                Paragraph(i.get_kind_display(), body),
                Paragraph(i.description, body),
                mask_number(number) if number else "—",
                format_yuan(i.unit_price),
                str(i.quantity),
                format_yuan(i.amount),
            ]
        )
    totals = totals_of(order)
    for label, value in (
        (_("Sum of the items"), totals.subtotal),
        (_("Discount"), -totals.discount),
        (_("Total"), totals.total),
    ):
        rows.append(["", "", "", "", "", label, format_yuan(value)])
    table = Table(
        rows,
        colWidths=[10 * mm, 28 * mm, 56 * mm, 28 * mm, 24 * mm, 18 * mm, 24 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -4), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _signature(order: Order, body: ParagraphStyle) -> list[object]:
    parts: list[object] = []
    if order.signature_png:
        image = Image(
            io.BytesIO(bytes(order.signature_png)),
            width=60 * mm,
            height=22 * mm,
            kind="proportional",
        )
        parts.append(image)
    signed = (
        timezone.localtime(order.signed_at).strftime("%Y-%m-%d %H:%M") if order.signed_at else "—"
    )
    parts.append(
        Paragraph(
            _("Customer's signature: %(name)s  Signed at: %(when)s")
            % {"name": order.signed_by or "—", "when": signed},
            body,
        )
    )
    return parts


def order_form_pdf(order: Order, *, mark: Watermark | None = None) -> bytes:
    """The form's bytes; a staff download carries ``mark`` on every page (D3)."""
    title, body, small = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"{_('Order form')} {order.number}",
    )
    created = timezone.localtime(order.created_at).strftime("%Y-%m-%d")
    story: list[object] = [
        Paragraph(_("Business order form"), title),
        Spacer(1, 4 * mm),
        Paragraph(
            _("Order number: %(number)s   Date: %(date)s")
            % {"number": order.number, "date": created},
            body,
        ),
        Paragraph(
            _("Customer: %(name)s (%(code)s)")
            % {"name": order.customer.name, "code": order.customer.code},
            body,
        ),
        Paragraph(_("Account manager: %(name)s") % {"name": order.owner}, body),
        Spacer(1, 4 * mm),
        _items_table(order, body),
        Spacer(1, 4 * mm),
        Paragraph(
            _(
                "Real-name registration was verified on the operator's real-name platform. "
                "Payments are made to the operator; the account manager holds no cash."
            ),
            small,
        ),
        Spacer(1, 6 * mm),
        *_signature(order, body),
    ]
    if order.signed_digest:
        story.append(
            Paragraph(
                _("Content digest (SHA-256): %(digest)s") % {"digest": order.signed_digest}, small
            )
        )
    if mark is None:
        doc.build(story)
    else:

        def stamp(canvas: object, _doc: object) -> None:
            watermark_pdf_page(canvas, mark, font=FONT)

        doc.build(story, onFirstPage=stamp, onLaterPages=stamp)
    return buffer.getvalue()
