"""Recording and reading interactions over the API."""

import datetime as dt

import pytest
import time_machine

from kamdesk.customers.models import Interaction
from tests.conftest import api_client_for
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


def _post(user, body):
    return api_client_for(user).post("/api/v1/interactions", body, content_type="application/json")


@time_machine.travel(NOW, tick=False)
def test_it_records_an_interaction_with_a_contact(manager):
    customer = CustomerFactory(manager=manager)
    contact = ContactFactory(customer=customer)
    answer = _post(
        manager,
        {
            "customer_id": customer.pk,
            "channel": "call",
            "inbound": True,
            "summary": "客户来电询问专线扩容",
            "contact_id": contact.pk,
            "occurred_at": "2026-11-10T09:30:00+08:00",
        },
    )
    assert answer.status_code == 201
    row = Interaction.objects.get()
    assert (row.contact, row.staff, row.inbound) == (contact, manager, True)
    assert row.occurred_at == dt.datetime(2026, 11, 10, 1, 30, tzinfo=dt.UTC)
    listing = (
        api_client_for(manager).get("/api/v1/interactions", {"customer_id": customer.pk}).json()
    )
    assert [i["id"] for i in listing["items"]] == [row.pk]


@time_machine.travel(NOW, tick=False)
def test_it_refuses_an_interaction_in_the_future(manager):
    customer = CustomerFactory(manager=manager)
    answer = _post(
        manager,
        {
            "customer_id": customer.pk,
            "channel": "visit",
            "summary": "拜访",
            "occurred_at": "2026-11-12T09:30:00+08:00",
        },
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["occurred_at"]
    assert not Interaction.objects.exists()


def test_it_refuses_a_contact_of_another_customer(manager):
    customer = CustomerFactory(manager=manager)
    elsewhere = ContactFactory(customer=CustomerFactory(manager=manager))
    answer = _post(
        manager,
        {
            "customer_id": customer.pk,
            "channel": "call",
            "summary": "来电",
            "contact_id": elsewhere.pk,
        },
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["contact_id"]
