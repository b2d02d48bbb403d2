"""Sign-in, sign-out and failures are in the audit trail with method and client address."""

import pytest
from django.test import Client

from kamdesk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_audits_sign_in_and_sign_out(manager):
    client = Client()
    response = client.post(
        "/login/",
        {"username": "manager_a", "password": "kamdesk-test-pass"},
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 302
    client.post("/logout/", REMOTE_ADDR="10.20.30.40")
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.action for e in events] == ["auth.signin", "auth.signout"]
    assert all(e.actor == manager and e.ip == "10.20.30.40" for e in events)
    assert events[0].extra == {"method": "password"}
    assert events[0].role == "manager"


def test_it_audits_a_failure_with_the_username_tried(manager):
    Client().post(
        "/login/", {"username": "manager_a", "password": "nope"}, REMOTE_ADDR="10.20.30.41"
    )
    event = AuditEvent.objects.get()
    assert event.action == "auth.signin.failed"
    assert event.actor is None
    assert event.extra == {"username": "manager_a", "method": "password"}
    assert "nope" not in str(event.extra)


def test_it_reads_the_client_address_from_the_proxy_when_behind_one(manager, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    Client().post(
        "/login/",
        {"username": "manager_a", "password": "nope"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert AuditEvent.objects.get().ip == "203.0.113.9"
