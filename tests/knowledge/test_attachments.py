"""An article's attachments: added by those who maintain the knowledge base, listed on
the article, downloaded by whoever may read it, and by nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kamdesk.files.models import StoredFile
from tests.conftest import client_for
from tests.knowledge.factories import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_storage(settings, tmp_path):
    """Attachments go to a temporary private directory, outside the static files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def tariffs():
    return article("tariff-notes", "套餐资费说明", "全球通、5G智享和动感地带的主力套餐。")


def test_it_attaches_a_file_that_readers_download(
    private_storage, tariffs, supervisor, manager, auditor
):
    editor = client_for(supervisor)
    upload = SimpleUploadedFile("资费表.pdf", b"%PDF-1.4 tariffs", content_type="application/pdf")

    answer = editor.post("/knowledge/tariff-notes/attach/", {"file": upload})

    assert answer.status_code == 302
    stored = StoredFile.objects.get(owner_kind="knowledge", owner_id=tariffs.pk)
    page = client_for(manager).get("/knowledge/tariff-notes/").content.decode()
    assert "资费表.pdf" in page and f"/files/{stored.pk}/" in page
    download = client_for(manager).get(f"/files/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 tariffs"
    assert client_for(auditor).get(f"/files/{stored.pk}/").status_code == 404


def test_it_lets_only_maintainers_attach_and_refuses_other_file_types(
    private_storage, tariffs, supervisor, manager
):
    script = SimpleUploadedFile("run.sh", b"#!/bin/sh\nrm -rf /", content_type="text/x-sh")
    assert (
        client_for(manager)
        .post("/knowledge/tariff-notes/attach/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
        .status_code
        == 403
    )
    client_for(supervisor).post("/knowledge/tariff-notes/attach/", {"file": script})
    assert not StoredFile.objects.filter(owner_kind="knowledge").exists()
