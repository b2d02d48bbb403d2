"""Changing, deleting (middle and tail) or reordering audit rows fails `kam audit verify`
at that point."""

import pytest
from django.core.management import CommandError, call_command

from kamdesk.audit.models import AuditChainHead, AuditEvent
from kamdesk.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(manager):
    for n in range(6):
        audit_record(actor=manager, action=f"customer.viewed.{n}", customer_id=n)


def test_it_verifies_an_untouched_chain(chain):
    assert audit_verify() == (True, None, "ok")


def test_it_reports_a_changed_event_at_its_sequence(chain):
    AuditEvent.objects.filter(seq=4).update(customer_id=999)
    assert audit_verify()[:2] == (False, 4)
    assert "altered" in audit_verify().reason


def test_it_reports_a_deleted_middle_event(chain):
    AuditEvent.objects.filter(seq=3).delete()
    assert audit_verify() == (False, 3, "event #3 missing")


def test_it_reports_events_deleted_at_the_tail(chain):
    AuditEvent.objects.filter(seq__gte=5).delete()
    ok, seq, reason = audit_verify()
    assert (ok, seq) == (False, 5)
    assert "tail" in reason


def test_it_reports_reordered_events(chain):
    # Swap events 2 and 3 by exchanging their sequence numbers.
    AuditEvent.objects.filter(seq=2).update(seq=-2)
    AuditEvent.objects.filter(seq=3).update(seq=2)
    AuditEvent.objects.filter(seq=-2).update(seq=3)
    ok, seq, reason = audit_verify()
    assert (ok, seq) == (False, 2)
    assert "reordered" in reason


def test_it_reports_the_first_event_deleted(chain):
    AuditEvent.objects.filter(seq=1).delete()
    assert audit_verify() == (False, 1, "event #1 missing")


def test_it_keeps_chaining_when_the_head_row_is_deleted(chain, manager):
    AuditChainHead.objects.all().delete()
    audit_record(actor=manager, action="customer.viewed.again")
    assert audit_verify().ok
    assert AuditEvent.objects.order_by("-seq").first().seq == 7


def test_it_fails_the_command_naming_the_event(chain, capsys):
    call_command("audit", "verify")
    assert "6 events" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=2).update(extra={"forged": True})
    with pytest.raises(CommandError, match="#2"):
        call_command("audit", "verify")
