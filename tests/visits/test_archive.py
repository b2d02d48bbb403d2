"""The archive: a PDF dossier in Chinese with the font embedded, and the attachments
zipped; audited as an export."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kamdesk.audit.models import AuditEvent
from kamdesk.visits.services import visit_attach, visit_sign
from tests.conftest import client_for
from tests.visits.factories import VisitFactory, png_data_url


def _visit_with_everything(customer, manager):
    visit = VisitFactory(
        customer=customer,
        planned_date=dt.date(2026, 11, 20),
        discussion="讨论专线扩容方案。",
        status="completed",
        checked_in_at=dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC),
        checkin_distance_m=85,
    )
    visit_sign(
        visit=visit,
        actor=manager,
        signer_name="王敏",
        signer_title="主任",
        image_data_url=png_data_url(),
    )
    visit_attach(
        visit=visit,
        actor=manager,
        upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
    )
    return visit


def test_the_button_exports_the_dossier_and_the_attachments(frozen, manager, customer, tmp_path):
    _visit_with_everything(customer, manager)
    response = client_for(manager).post(
        f"/visits/archive/?customer={customer.pk}",
        {"customer": customer.pk, "start": "2026-01-01", "end": "2026-11-30"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    names = bundle.namelist()
    pdf_name = next(n for n in names if n.endswith(".pdf"))
    inner = zipfile.ZipFile(
        io.BytesIO(bundle.read(next(n for n in names if n.endswith("attachments.zip"))))
    )
    assert any(n.endswith("方案.pdf") for n in inner.namelist())
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(bundle.read(pdf_name))
    fonts = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        ["/usr/bin/pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    (cjk,) = [line for line in fonts.splitlines() if "WenQuanYi" in line or "WQY" in line]
    assert " yes " in cjk  # the CJK font is embedded (a subset), so Chinese shows everywhere
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "讨论专线扩容方案" in text and "王敏" in text and customer.name in text
    # Verification evidence and the attachments are listed with the visit.
    assert "距客户 85 米" in text and "方案.pdf" in text
    images = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        ["/usr/bin/pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.splitlines()) >= 3  # two header lines, then the signature's image
    assert manager.staff_id in text  # D3: the exporter's watermark on every page
    assert AuditEvent.objects.filter(action="visit.archive_exported", actor=manager).exists()


def test_the_command_writes_both_files(frozen, manager, customer, tmp_path):
    _visit_with_everything(customer, manager)
    out = StringIO()
    call_command(
        "visits",
        "archive",
        "--customer",
        customer.code,
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-30",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    assert "visits=1 files=1" in out.getvalue()
    assert len(list(tmp_path.glob("*.pdf"))) == 1 and len(list(tmp_path.glob("*.zip"))) == 1
