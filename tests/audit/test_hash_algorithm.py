"""The chain is SHA-256 unless SM3 is chosen; the switch is itself chained, so old and new
events verify together, also after retention."""

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.chain import GENESIS, chain_fields, event_hash
from kamdesk.audit.models import AuditEvent
from kamdesk.audit.retention import audit_retention_run
from kamdesk.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


def test_it_switches_to_sm3_within_the_chain(manager, settings):
    audit_record(actor=manager, action="bill.viewed.1")
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    audit_record(actor=manager, action="bill.viewed.2")
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["bill.viewed.1", "audit.chain.algorithm", "bill.viewed.2"]
    assert audit_verify().ok


def test_it_hashes_with_sm3_after_the_switch(manager, settings):
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    audit_record(actor=manager, action="bill.viewed")
    event = AuditEvent.objects.get(action="bill.viewed")
    row = (
        event.seq,
        event.at,
        event.actor_id,
        event.actor_name,
        event.role,
        event.action,
        event.target_type,
        event.target_id,
        event.customer_id,
        event.purpose,
        event.ip,
        event.extra,
        event.grant_id,
    )
    assert event.hash == event_hash(event.prev_hash, chain_fields(row), "sm3")
    AuditEvent.objects.filter(pk=event.pk).update(purpose="changed")
    assert audit_verify()[:2] == (False, event.seq)


def test_it_verifies_after_retention_deleted_the_switch(manager, settings):
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=dt.UTC), tick=False):
        audit_record(actor=manager, action="bill.viewed.old")
    with time_machine.travel(dt.datetime(2026, 9, 5, tzinfo=dt.UTC), tick=False):
        audit_record(actor=manager, action="bill.viewed.new")
        assert audit_retention_run().deleted == 2  # the switch and the old event
    assert audit_verify().ok


@pytest.mark.nodb
def test_it_keeps_hashes_of_events_written_before_grants_existed():
    """``grant`` is hashed only when set, so events from before it still verify."""
    at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    row = (1, at, 3, "m", "manager", "x", "", "", None, "", None, {}, None)
    old_fields = {
        "seq": 1,
        "at": at.isoformat(),
        "actor": 3,
        "actor_name": "m",
        "role": "manager",
        "action": "x",
        "target_type": "",
        "target_id": "",
        "customer_id": None,
        "purpose": "",
        "ip": None,
        "extra": {},
    }
    assert event_hash(GENESIS, chain_fields(row)) == event_hash(GENESIS, old_fields)
    with_grant = (*row[:12], 77)
    assert event_hash(GENESIS, chain_fields(with_grant)) != event_hash(GENESIS, old_fields)
