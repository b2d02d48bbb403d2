"""Every page of a PDF says "page n of N" with the right N, also when the verification
QR code needs a page of its own (pure: no database)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from kamdesk.statements.documents.common import Header
from kamdesk.statements.documents.pdf import lines_pdf
from tests.statements.helpers import pdf_text

HEADER = Header(
    operator_name="中国移动通信集团江苏有限公司",
    title="月度账单",
    number="KS2026100000000001",
    verification_code="ABCD2345",
    verify_url="https://kam.example/statements/verify/",
    lines=[("客户", "南京钢铁集团")],
)


@pytest.mark.parametrize("count", [3, 46, 47, 120])
def test_page_numbers_count_every_page_once(count):
    lines = [(f"1380000{i:04d}", f"{i}.00", False) for i in range(count)]
    data = lines_pdf(header=HEADER, lines=lines)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    marks = re.findall(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页", pdf_text(data))
    assert marks == [(str(n), str(pages)) for n in range(1, pages + 1)]
    assert pdf_text(data).count(HEADER.number) == pages
