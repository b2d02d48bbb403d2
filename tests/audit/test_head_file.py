"""The latest hash is also kept outside the table, so deleting the tail together with the
head row, or rewinding the chain, is still caught."""

import json

import pytest

from kamdesk.audit.models import AuditChainHead, AuditEvent
from kamdesk.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_file(settings, tmp_path):
    settings.AUDIT_HEAD_FILE = str(tmp_path / "audit-head.json")
    return tmp_path / "audit-head.json"


def record(actor, n, capture):
    with capture(execute=True):
        return audit_record(actor=actor, action=f"bill.viewed.{n}")


def test_it_writes_the_head_after_commit(manager, head_file, django_capture_on_commit_callbacks):
    for n in range(3):
        last = record(manager, n, django_capture_on_commit_callbacks)
    data = json.loads(head_file.read_text())
    assert (data["seq"], data["hash"]) == (3, last.hash)
    assert audit_verify().ok


def test_it_catches_a_tail_deleted_with_the_head_row(
    manager, head_file, django_capture_on_commit_callbacks
):
    for n in range(4):
        record(manager, n, django_capture_on_commit_callbacks)
    AuditEvent.objects.filter(seq=4).delete()
    AuditChainHead.objects.all().delete()
    ok, seq, reason = audit_verify()
    assert (ok, seq) == (False, 4)
    assert "tail" in reason


def test_it_catches_a_rewound_chain_even_after_new_events(
    manager, head_file, django_capture_on_commit_callbacks
):
    for n in range(4):
        record(manager, n, django_capture_on_commit_callbacks)
    AuditEvent.objects.filter(seq__gte=3).delete()
    AuditChainHead.objects.all().delete()
    for n in range(5):  # the chain goes on from #2 as if nothing happened
        record(manager, 10 + n, django_capture_on_commit_callbacks)
    ok, _seq, reason = audit_verify()
    assert not ok
    assert "rewound" in reason


def test_it_fails_when_the_head_file_is_missing(
    manager, head_file, django_capture_on_commit_callbacks
):
    record(manager, 1, django_capture_on_commit_callbacks)
    head_file.unlink()
    assert not audit_verify().ok


def test_it_only_warns_when_the_head_file_is_behind(
    manager, head_file, django_capture_on_commit_callbacks
):
    from kamdesk.audit.verify import audit_verify_report

    record(manager, 1, django_capture_on_commit_callbacks)
    audit_record(actor=manager, action="bill.viewed.late")  # its commit hook never ran
    report = audit_verify_report()
    assert report.result.ok
    assert any("behind" in w for w in report.warnings)


def test_it_reports_an_unreadable_head_file_and_rewrites_it_on_the_next_event(
    manager, head_file, django_capture_on_commit_callbacks
):
    record(manager, 0, django_capture_on_commit_callbacks)
    head_file.write_text('{"seq": 1, "ha')  # a torn write
    ok, _seq, reason = audit_verify()
    assert not ok and "cannot be read" in reason
    last = record(manager, 1, django_capture_on_commit_callbacks)
    assert json.loads(head_file.read_text())["hash"] == last.hash
    assert audit_verify().ok


def test_it_keeps_the_head_in_one_block_written_in_place(
    manager, head_file, django_capture_on_commit_callbacks
):
    record(manager, 0, django_capture_on_commit_callbacks)
    inode = head_file.stat().st_ino
    record(manager, 1, django_capture_on_commit_callbacks)
    assert head_file.stat().st_ino == inode and head_file.stat().st_size == 512
