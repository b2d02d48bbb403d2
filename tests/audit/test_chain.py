import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record, audit_verify
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_chains_events_and_verifies(manager):
    customer = CustomerFactory(manager=manager)
    for action in ("customer.viewed", "customer.updated", "customer.exported"):
        audit_record(actor=manager, action=action, target=customer, customer_id=customer.pk)
    assert audit_verify() == (True, None, "ok")
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2, 3]


def test_it_detects_an_altered_event(manager):
    for n in range(3):
        audit_record(actor=manager, action=f"x.{n}")
    AuditEvent.objects.filter(seq=2).update(action="x.changed")
    ok, seq, _reason = audit_verify()
    assert (ok, seq) == (False, 2)


def test_it_detects_a_deleted_tail_event(manager):
    for n in range(3):
        audit_record(actor=manager, action=f"x.{n}")
    AuditEvent.objects.filter(seq=3).delete()
    ok, _seq, reason = audit_verify()
    assert not ok
    assert "tail" in reason


def test_it_fails_the_verify_command_at_the_altered_event(manager):
    from django.core.management import CommandError, call_command

    for n in range(4):
        audit_record(actor=manager, action=f"x.{n}")
    call_command("audit", "verify")
    AuditEvent.objects.filter(seq=3).update(extra={"forged": True})
    with pytest.raises(CommandError, match="#3"):
        call_command("audit", "verify")
