"""Exchanging a username and password for a bearer token."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_issues_a_token_that_opens_the_api(manager):
    answer = Client().post(
        "/api/v1/auth/token",
        {"username": "manager_a", "password": "kamdesk-test-pass"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["expires_at"]
    listing = Client(headers={"Authorization": f"Bearer {body['token']}"}).get("/api/v1/customers")
    assert listing.status_code == 200


def test_it_refuses_a_wrong_password_with_a_message_on_the_password_field(manager):
    answer = Client().post(
        "/api/v1/auth/token",
        {"username": "manager_a", "password": "not-the-password"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "token" not in answer.json()
    assert len(answer.json()["errors"]["password"]) == 1
