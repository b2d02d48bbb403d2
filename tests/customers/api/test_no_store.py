"""API answers carry personal data: no browser or proxy may keep them."""

import pytest

from tests.conftest import api_client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_marks_api_answers_no_store(manager):
    customer = CustomerFactory(manager=manager)
    client = api_client_for(manager)
    for path in (
        "/api/v1/customers",
        f"/api/v1/customers/{customer.pk}",
        "/api/v1/customers/999999",
    ):
        assert client.get(path)["Cache-Control"] == "no-store"
