"""Retention deletes whole old months, keeps at least 180 days, and leaves a chain that
verifies from its checkpoint."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.retention import RetentionRefused, audit_retention_run
from kamdesk.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def history(actor):
    """Two events on the 10th of each month, January to October 2026."""
    for month in range(1, 11):
        for n in range(2):
            with time_machine.travel(dt.datetime(2026, month, 10, 9, n, tzinfo=UTC), tick=False):
                audit_record(actor=actor, action=f"bill.viewed.{month}.{n}")


def test_it_deletes_whole_months_older_than_the_retention(manager):
    history(manager)
    now = dt.datetime(2026, 10, 20, tzinfo=UTC)  # 180 days back is 23 April
    with time_machine.travel(now, tick=False):
        result = audit_retention_run()
    assert result.before == dt.datetime(2026, 4, 1, tzinfo=UTC)
    assert result.deleted == 6  # January, February, March
    oldest = AuditEvent.objects.order_by("seq").first()
    assert oldest.at == dt.datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
    assert all(now - e.at <= dt.timedelta(days=200) for e in AuditEvent.objects.all())
    assert audit_verify() == (True, None, "ok")


def test_it_writes_a_checkpoint_carrying_the_last_deleted_hash(manager):
    history(manager)
    last_deleted = AuditEvent.objects.get(seq=6)
    with time_machine.travel(dt.datetime(2026, 10, 20, tzinfo=UTC), tick=False):
        result = audit_retention_run()
    checkpoint = AuditEvent.objects.get(seq=result.checkpoint_seq)
    assert checkpoint.action == "audit.checkpoint"
    assert checkpoint.extra["through_seq"] == 6
    assert checkpoint.extra["through_hash"] == last_deleted.hash


def test_it_still_verifies_after_a_second_run_and_new_events(manager):
    history(manager)
    with time_machine.travel(dt.datetime(2026, 10, 20, tzinfo=UTC), tick=False):
        audit_retention_run()
    audit_record(actor=manager, action="bill.viewed.after")
    with time_machine.travel(dt.datetime(2026, 12, 20, tzinfo=UTC), tick=False):
        second = audit_retention_run()
    assert second.deleted == 4  # April and May
    assert audit_verify().ok


def test_it_detects_deleting_the_oldest_remaining_events(manager):
    history(manager)
    with time_machine.travel(dt.datetime(2026, 10, 20, tzinfo=UTC), tick=False):
        audit_retention_run()
    AuditEvent.objects.filter(seq=7).delete()
    assert audit_verify() == (False, 7, "event #7 missing")


def test_it_refuses_to_delete_from_a_broken_chain(manager):
    history(manager)
    AuditEvent.objects.filter(seq=3).update(action="forged")
    with (
        time_machine.travel(dt.datetime(2026, 10, 20, tzinfo=UTC), tick=False),
        pytest.raises(RetentionRefused),
    ):
        audit_retention_run()
    assert AuditEvent.objects.filter(seq=1).exists()
    assert AuditEvent.objects.filter(action="audit.retention.refused").exists()


def test_it_never_keeps_less_than_180_days(manager, settings):
    settings.AUDIT_RETENTION_DAYS = 30  # a lower value (if it got past settings) is ignored
    history(manager)
    with time_machine.travel(dt.datetime(2026, 10, 20, tzinfo=UTC), tick=False):
        assert audit_retention_run().deleted == 6


@pytest.mark.nodb
def test_it_refuses_a_retention_setting_under_180_days():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "KAM_ENV": "test",
            "AUDIT_RETENTION_DAYS": "90",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert ImproperlyConfigured.__name__ in result.stderr
