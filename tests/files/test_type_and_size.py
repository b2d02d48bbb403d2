"""Uploads are checked by what they contain, not what they are called, and by size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kamdesk.core.errors import ValidationFailed
from kamdesk.files.services import file_store
from kamdesk.files.sniff import sniff


@pytest.mark.nodb
def test_it_knows_files_by_their_content():
    assert sniff("bill.pdf", b"%PDF-1.7\n...") == "application/pdf"
    assert sniff("photo.JPG", b"\xff\xd8\xff\xe0 jfif") == "image/jpeg"
    assert sniff("list.xlsx", b"PK\x03\x04...") == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert sniff("notes.txt", "客户说明".encode()) == "text/plain"
    assert sniff("notes.csv", "号码,金额\n".encode("gb18030")) == "text/csv"


@pytest.mark.nodb
def test_it_refuses_what_is_not_what_it_says():
    assert sniff("bill.pdf", b"MZ\x90\x00 an executable") is None
    assert sniff("run.exe", b"MZ\x90\x00") is None
    assert sniff("bill.png", b"%PDF-1.7") is None  # a PDF dressed as an image
    assert sniff("page.html", b"<script>alert(1)</script>") is None
    assert sniff("data.txt", b"\x00\x01\x02binary") is None


def test_it_refuses_a_file_too_large_or_empty(db, settings, private_storage):
    settings.FILES_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2000)
    with pytest.raises(ValidationFailed):
        file_store(upload=big, owner_kind="request", owner_id=1, actor=None)
    with pytest.raises(ValidationFailed):
        file_store(
            upload=SimpleUploadedFile("empty.txt", b""),
            owner_kind="request",
            owner_id=1,
            actor=None,
        )


def test_it_keeps_files_in_private_storage(db, settings, private_storage):
    row = file_store(
        upload=SimpleUploadedFile("../../etc/bill.pdf", b"%PDF-1.4 hello"),
        owner_kind="request",
        owner_id=1,
        actor=None,
    )
    assert row.name == "bill.pdf"
    stored = private_storage / row.path
    assert stored.exists() and stored.read_bytes() == b"%PDF-1.4 hello"
    assert str(settings.STATIC_ROOT) not in str(stored.resolve())
