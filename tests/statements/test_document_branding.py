"""The operator's name and logo on documents come from the settings
(``KAM_OPERATOR_NAME``, ``KAM_STATEMENT_LOGO``), on every page."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from kamdesk.statements.services.documents import statement_bytes, statement_generate
from tests.statements.conftest import MONTH
from tests.statements.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_configured_name_and_logo(group, settings, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (0, 102, 204)).save(logo)
    settings.KAM_OPERATOR_NAME = "中国移动通信集团江苏有限公司"
    settings.KAM_STATEMENT_LOGO = str(logo)
    row = statement_generate(
        document="statement",
        account=group.group_account,
        subscriber=group.members[0],
        month=MONTH,
        fmt="pdf",
        full_numbers=True,
        prepared_for="员工1",
        actor=None,
    )
    data = statement_bytes(row)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 1  # 400 records
    assert all(len(page.images) == 1 for page in pages)
    assert pdf_text(data).count("中国移动通信集团江苏有限公司") == len(pages)
