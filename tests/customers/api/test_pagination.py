"""Lists answer an envelope {"items", "count"} paged by limit and offset."""

import pytest

from tests.conftest import api_client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_answers_the_first_25_and_the_total_by_default(manager):
    CustomerFactory.create_batch(30, manager=manager)
    body = api_client_for(manager).get("/api/v1/customers").json()
    assert body["count"] == 30
    assert len(body["items"]) == 25


def test_it_pages_with_limit_and_offset_in_code_order(manager):
    codes = sorted(c.code for c in CustomerFactory.create_batch(7, manager=manager))
    client = api_client_for(manager)
    first = client.get("/api/v1/customers", {"limit": 3, "offset": 0}).json()
    last = client.get("/api/v1/customers", {"limit": 3, "offset": 6}).json()
    assert [c["code"] for c in first["items"]] == codes[:3]
    assert [c["code"] for c in last["items"]] == codes[6:]
    assert first["count"] == last["count"] == 7


def test_it_refuses_a_limit_over_200_with_a_message_on_limit(manager):
    answer = api_client_for(manager).get("/api/v1/customers", {"limit": 201})
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["limit"]
    assert len(answer.json()["errors"]["limit"]) == 1
