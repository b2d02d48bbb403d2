"""A session ends after 30 minutes without activity; activity keeps it alive."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


def signed_in_client():
    client = Client()
    response = client.post("/login/", {"username": "manager_a", "password": "kamdesk-test-pass"})
    assert response.status_code == 302
    return client


def test_it_expires_an_idle_session(manager):
    with time_machine.travel(START, tick=False):
        client = signed_in_client()
        assert client.get("/customers/").status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        response = client.get("/customers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_keeps_an_active_session(manager):
    with time_machine.travel(START, tick=False):
        client = signed_in_client()
    for minutes in (25, 50, 75):
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/customers/").status_code == 200


def test_it_writes_the_session_at_most_once_a_minute(manager):
    from django.contrib.sessions.models import Session

    with time_machine.travel(START, tick=False):
        client = signed_in_client()
        client.get("/customers/")
    key = client.cookies["sessionid"].value
    first = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(START + dt.timedelta(seconds=30), tick=False):
        client.get("/customers/")
    assert Session.objects.get(session_key=key).expire_date == first
    with time_machine.travel(START + dt.timedelta(seconds=90), tick=False):
        client.get("/customers/")
    assert Session.objects.get(session_key=key).expire_date == first + dt.timedelta(seconds=90)
