"""`DELETE /api/v1/auth/token` revokes the token in use; a token acts as its user."""

import pytest
from django.test import Client

from kamdesk.audit.models import AuditEvent
from kamdesk.users.models import ApiToken
from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


def test_it_revokes_the_token_in_use(manager):
    client = api_client_for(manager)
    assert client.get("/api/v1/customers").status_code == 200
    response = client.delete("/api/v1/auth/token")
    assert response.status_code == 200
    assert client.get("/api/v1/customers").status_code == 401
    token = ApiToken.objects.get(user=manager)
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="auth.token.revoked")
    assert (event.actor, event.target_id) == (manager, str(token.pk))


def test_it_leaves_the_users_other_tokens_alone(manager):
    first, second = api_client_for(manager), api_client_for(manager)
    first.delete("/api/v1/auth/token")
    assert second.get("/api/v1/customers").status_code == 200


def test_it_needs_a_valid_token_to_revoke(manager):
    response = Client(headers={"Authorization": "Bearer not-a-token"}).delete("/api/v1/auth/token")
    assert response.status_code == 401


def test_it_scopes_a_token_like_its_user(manager, other_manager):
    from tests.factories import CustomerFactory

    mine = CustomerFactory(manager=manager)
    theirs = CustomerFactory(manager=other_manager)
    client = api_client_for(manager)
    assert client.get(f"/api/v1/customers/{mine.pk}").status_code == 200
    assert client.get(f"/api/v1/customers/{theirs.pk}").status_code == 404


def test_it_asks_the_second_factor_of_those_who_have_one(auditor):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "auditor_a", "password": "kamdesk-test-pass"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "otp" in response.json()["errors"]
