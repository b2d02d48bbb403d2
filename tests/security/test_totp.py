"""TOTP second factor: required for auditors and administrators (enrol, then verify after
every password sign-in), optional for others, never replayable."""

import datetime as dt

import pyotp
import pytest
import time_machine
from django.test import Client

from kamdesk.audit.models import AuditEvent
from kamdesk.security.models import TotpDevice
from kamdesk.users.models import Role
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


def password_sign_in(username):
    client = Client()
    response = client.post("/login/", {"username": username, "password": "kamdesk-test-pass"})
    assert response.status_code == 302
    return client


def code_for(user, at):
    return pyotp.TOTP(TotpDevice.objects.get(user=user).secret).at(at)


def enrol(client, user, at=START):
    client.get("/security/mfa/enrol/")
    return client.post("/security/mfa/enrol/", {"code": code_for(user, at)})


def test_it_sends_an_auditor_to_enrol_before_anything_else(auditor):
    with time_machine.travel(START, tick=False):
        client = password_sign_in("auditor_a")
        response = client.get("/audit/")
        assert (response.status_code, response["Location"]) == (302, "/security/mfa/enrol/")
        assert client.get("/security/mfa/enrol/").status_code == 200
        qr = client.get("/security/mfa/qr.svg")
        assert qr["Content-Type"] == "image/svg+xml"
        assert b"<svg" in qr.content
        assert enrol(client, auditor).status_code == 302
        assert client.get("/audit/").status_code == 200
    assert "auth.mfa.enrolled" in AuditEvent.objects.values_list("action", flat=True)


def test_it_asks_the_code_after_every_password_sign_in(auditor):
    with time_machine.travel(START, tick=False):
        enrol(password_sign_in("auditor_a"), auditor)
    later = START + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        client = password_sign_in("auditor_a")
        assert client.get("/audit/")["Location"] == "/security/mfa/verify/"
        assert client.post("/security/mfa/verify/", {"code": "000000"}).status_code == 200
        assert client.get("/audit/").status_code == 302
        right = code_for(auditor, later)
        assert client.post("/security/mfa/verify/", {"code": right}).status_code == 302
        assert client.get("/audit/").status_code == 200
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "auth.mfa.failed" in actions and "auth.mfa.passed" in actions


def test_it_refuses_a_replayed_code(auditor):
    with time_machine.travel(START, tick=False):
        enrol(password_sign_in("auditor_a"), auditor)
        client = password_sign_in("auditor_a")
        replay = client.post("/security/mfa/verify/", {"code": code_for(auditor, START)})
        assert replay.status_code == 200
    later = START + dt.timedelta(seconds=30)
    with time_machine.travel(later, tick=False):
        next_code = code_for(auditor, later)
        assert client.post("/security/mfa/verify/", {"code": next_code}).status_code == 302


def test_it_signs_out_after_five_wrong_codes(auditor):
    with time_machine.travel(START, tick=False):
        enrol(password_sign_in("auditor_a"), auditor)
        client = password_sign_in("auditor_a")
        for _ in range(5):
            response = client.post("/security/mfa/verify/", {"code": "123456"})
        assert response["Location"] == "/login/"
        assert client.get("/audit/")["Location"].startswith("/login/")
    assert AuditEvent.objects.filter(action="auth.lockout", extra__scope="mfa").exists()


def test_it_leaves_the_second_factor_optional_for_a_manager(manager):
    with time_machine.travel(START, tick=False):
        client = password_sign_in("manager_a")
        assert client.get("/customers/").status_code == 200
        assert enrol(client, manager).status_code == 302
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        again = password_sign_in("manager_a")
        assert again.get("/customers/")["Location"] == "/security/mfa/verify/"


def test_it_requires_it_of_both_administrators(sysadmin):
    security = UserFactory(username="security_a", role=Role.SECURITY_ADMIN)
    for user in (sysadmin, security):
        client = client_for(user, mfa_passed=False)
        assert client.get("/customers/")["Location"] == "/security/mfa/enrol/"


def test_it_gives_an_api_token_to_an_auditor_with_the_code(auditor):
    with time_machine.travel(START, tick=False):
        enrol(password_sign_in("auditor_a"), auditor)
    later = START + dt.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        response = Client().post(
            "/api/v1/auth/token",
            {
                "username": "auditor_a",
                "password": "kamdesk-test-pass",
                "otp": code_for(auditor, later),
            },
            content_type="application/json",
        )
    assert response.status_code == 200
