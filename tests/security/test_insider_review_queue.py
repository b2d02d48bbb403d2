"""`kam risk insider scan` turns the audit trail into signals with their evidence, in a
queue where the auditor records a conclusion; nobody else sees it."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record
from kamdesk.security.models import InsiderSignal
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
DAY_START = dt.datetime(2026, 11, 19, 16, 0, tzinfo=dt.UTC)  # 20 November in Shanghai


@pytest.fixture
def refusals(manager):
    for n in range(6):
        with time_machine.travel(DAY_START + dt.timedelta(hours=3, minutes=n), tick=False):
            audit_record(
                actor=manager,
                action="access.refused",
                customer_id=100 + n,
                target_type="customers.customer",
                target_id=str(100 + n),
            )


def scan():
    call_command("risk", "insider", "scan", "--date", "2026-11-20")


def test_it_queues_a_signal_with_its_evidence(refusals, manager):
    scan()
    signal = InsiderSignal.objects.get()
    assert (signal.kind, signal.actor, signal.status) == ("refusals", manager, "open")
    refused = set(AuditEvent.objects.filter(action="access.refused").values_list("id", flat=True))
    assert set(signal.evidence["event_ids"]) == refused
    assert signal.evidence["counts"]["count"] == 6
    assert AuditEvent.objects.filter(action="insider.scanned").count() == 1


def test_it_is_safe_to_run_twice(refusals):
    scan()
    scan()
    assert InsiderSignal.objects.count() == 1


def test_it_finds_nothing_on_another_day(refusals):
    call_command("risk", "insider", "scan", "--date", "2026-11-21")
    assert not InsiderSignal.objects.exists()


def test_it_lets_the_auditor_record_a_conclusion(refusals, auditor):
    scan()
    signal = InsiderSignal.objects.get()
    client = client_for(auditor)
    assert "refused" in client.get("/audit/signals/").content.decode()
    page = client.get(f"/audit/signals/{signal.pk}/")
    assert page.status_code == 200 and len(page.context["events"]) == 6
    response = client.post(
        f"/audit/signals/{signal.pk}/",
        {"status": "justified", "conclusion": "Covering for an absent colleague; confirmed."},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.reviewed_by) == ("justified", auditor)
    assert AuditEvent.objects.filter(action="insider_signal.reviewed").exists()


def test_it_keeps_the_conclusion_when_scanned_again(refusals, auditor):
    scan()
    client_for(auditor).post(
        f"/audit/signals/{InsiderSignal.objects.get().pk}/",
        {"status": "false_alarm", "conclusion": "Test accounts."},
    )
    scan()
    assert InsiderSignal.objects.get().status == "false_alarm"


def test_it_needs_a_reasoned_conclusion(refusals, auditor):
    scan()
    signal = InsiderSignal.objects.get()
    response = client_for(auditor).post(
        f"/audit/signals/{signal.pk}/", {"status": "confirmed", "conclusion": ""}
    )
    assert response.status_code == 200
    signal.refresh_from_db()
    assert signal.status == "open"


def test_it_hides_the_queue_from_the_person_it_is_about(refusals, manager, sysadmin):
    scan()
    signal = InsiderSignal.objects.get()
    for user in (manager, sysadmin):
        client = client_for(user)
        assert client.get("/audit/signals/").status_code == 404
        assert client.get(f"/audit/signals/{signal.pk}/").status_code == 404
