"""The order form embeds a CJK font and its totals equal the items' sum."""

import re
import subprocess
from decimal import Decimal

from kamdesk.orders.pdf import order_form_pdf
from kamdesk.orders.services.orders import totals_of
from tests.conftest import client_for
from tests.orders.factories import draft, handset, new_line, signed


def _text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(  # noqa: S603 - our own file
        ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
    )
    text = subprocess.run(  # noqa: S603 - our own file
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return fonts.stdout, text.stdout


def test_it_embeds_the_font_and_adds_up(
    frozen, manager, customer, account, plans, realname, tmp_path
):
    order = draft(
        actor=manager,
        customer=customer,
        discount="200.00",
        items=[
            new_line(plans["dear"], number="13912340001"),
            handset(price="3999.00"),
            handset(price="2599.50"),
        ],
    )
    order = signed(order, manager)

    fonts, text = _text(order_form_pdf(order), tmp_path)

    embedded = [row for row in fonts.splitlines() if "WenQuanYiMicroHei" in row]
    assert embedded and all(" yes " in row for row in embedded), fonts
    amounts = [Decimal(a.replace(",", "")) for a in re.findall(r"¥([\d,]+\.\d{2})", text)]
    item_sum = sum(i.amount for i in order.items.all())
    totals = totals_of(order)
    assert item_sum == totals.subtotal == Decimal("6726.50")
    assert totals.total == Decimal("6526.50")
    for value in (totals.subtotal, totals.total):
        assert value in amounts
    assert "钱主任" in text and order.number in text


def test_the_pdf_page_is_audited(frozen, manager, customer, tmp_path):
    from kamdesk.audit.models import AuditEvent

    order = draft(actor=manager, customer=customer, items=[handset()])

    answer = client_for(manager).get(f"/orders/{order.pk}/form.pdf")

    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    _fonts, text = _text(answer.content, tmp_path)
    assert manager.staff_id in text  # D3: the staff download names its exporter
    assert AuditEvent.objects.filter(action="order.form.exported").exists()
