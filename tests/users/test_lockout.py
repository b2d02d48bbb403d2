"""Five failed sign-ins in 15 minutes lock the username, or the client address, for 15
minutes, with a clear message and the events in the audit trail."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kamdesk.audit.models import AuditEvent
from kamdesk.security.models import SignInThrottle

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
LOCKED = "Too many failed sign-ins"


def sign_in(username, password, ip="10.0.0.1"):
    client = Client()
    client.cookies["kam_language"] = "en"  # the message is checked in English
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def actions():
    return list(
        AuditEvent.objects.filter(action__startswith="auth.").values_list("action", flat=True)
    )


def test_it_locks_a_username_after_five_failures(manager):
    with time_machine.travel(START, tick=False):
        for n in range(4):
            response = sign_in("manager_a", "wrong", ip=f"10.0.0.{n}")
            assert LOCKED not in response.content.decode()
        response = sign_in("manager_a", "wrong", ip="10.0.0.9")
        assert LOCKED in response.content.decode()
        # Even the right password is refused while locked, from anywhere.
        response = sign_in("manager_a", "kamdesk-test-pass", ip="10.0.0.50")
        assert response.status_code == 200
        assert LOCKED in response.content.decode()
    assert actions() == ["auth.signin.failed"] * 5 + ["auth.lockout", "auth.signin.locked"]
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert (lockout.extra["scope"], lockout.extra["key"]) == ("user", "manager_a")


def test_it_unlocks_after_fifteen_minutes(manager):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            sign_in("manager_a", "wrong", ip=f"10.0.1.{n}")
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert sign_in("manager_a", "kamdesk-test-pass").status_code == 302
    assert actions()[-1] == "auth.signin"


def test_it_forgets_failures_older_than_the_window(manager):
    with time_machine.travel(START, tick=False):
        for n in range(4):
            sign_in("manager_a", "wrong", ip=f"10.0.2.{n}")
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        response = sign_in("manager_a", "wrong", ip="10.0.2.9")
        assert LOCKED not in response.content.decode()


def test_it_locks_an_address_trying_many_usernames(manager, other_manager):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            sign_in(f"guess{n}", "wrong", ip="192.0.2.7")
        assert LOCKED in sign_in("manager_b", "kamdesk-test-pass", ip="192.0.2.7").content.decode()
        assert sign_in("manager_b", "kamdesk-test-pass", ip="192.0.2.8").status_code == 302
    assert SignInThrottle.objects.filter(
        scope="address", key="192.0.2.7", locked_until__isnull=False
    ).exists()


def test_it_says_the_same_for_unknown_usernames(db):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            response = sign_in("nobody", "wrong", ip=f"10.0.3.{n}")
    assert LOCKED in response.content.decode()


def test_it_locks_the_api_token_exchange_too(manager):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            Client().post(
                "/api/v1/auth/token",
                {"username": "manager_a", "password": "x"},
                content_type="application/json",
                REMOTE_ADDR="10.0.4.1",
            )
        response = Client().post(
            "/api/v1/auth/token",
            {"username": "manager_a", "password": "kamdesk-test-pass"},
            content_type="application/json",
            REMOTE_ADDR="10.0.4.2",
        )
    assert response.status_code == 422
    assert "auth.lockout" in actions()
