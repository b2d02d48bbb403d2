"""Without a valid bearer token the API answers 401, never a login redirect."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from kamdesk.users.models import ApiToken
from kamdesk.users.services import token_create, token_revoke
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_it_answers_401_without_a_token(manager):
    customer = CustomerFactory(manager=manager)
    for path in ("/api/v1/customers", f"/api/v1/customers/{customer.pk}"):
        answer = Client().get(path)
        assert answer.status_code == 401
        assert "name" not in answer.json()


def test_it_answers_401_with_an_expired_token(manager):
    raw, row = token_create(username="manager_a", password="kamdesk-test-pass")
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _client(raw).get("/api/v1/customers").status_code == 401


def test_it_answers_401_with_a_revoked_token(manager):
    raw, row = token_create(username="manager_a", password="kamdesk-test-pass")
    assert _client(raw).get("/api/v1/customers").status_code == 200
    token_revoke(token=row, actor=manager)
    assert _client(raw).get("/api/v1/customers").status_code == 401


def test_it_answers_401_with_a_made_up_token(manager):
    assert _client("not-a-token").get("/api/v1/customers").status_code == 401


def test_it_serves_the_openapi_document_without_a_token(db):
    answer = Client().get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert "/api/v1/customers/{customer_id}" in answer.json()["paths"]
