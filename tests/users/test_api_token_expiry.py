"""An API token expires after `API_TOKEN_DAYS`, and stops working with its user."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kamdesk.core.crypto import token_hash
from kamdesk.users.models import ApiToken
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_it_answers_until_the_token_expires_and_not_after(manager):
    raw = api_token_for(manager, days=1)
    assert bearer(raw).get("/api/v1/customers").status_code == 200
    later = ApiToken.objects.get(token_hash=token_hash(raw)).expires_at + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert bearer(raw).get("/api/v1/customers").status_code == 401


def test_it_gives_new_tokens_the_configured_lifetime(manager, settings):
    settings.API_TOKEN_DAYS = 7
    manager.set_password("correct horse battery")
    manager.save()
    response = Client().post(
        "/api/v1/auth/token",
        {"username": manager.username, "password": "correct horse battery"},
        content_type="application/json",
    )
    assert response.status_code == 200
    expires = dt.datetime.fromisoformat(response.json()["expires_at"])
    lifetime = expires - ApiToken.objects.get(user=manager).created_at
    assert dt.timedelta(days=7) - dt.timedelta(minutes=1) < lifetime <= dt.timedelta(days=7)


def test_it_stops_a_token_of_a_deactivated_user(manager):
    raw = api_token_for(manager)
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    assert bearer(raw).get("/api/v1/customers").status_code == 401
