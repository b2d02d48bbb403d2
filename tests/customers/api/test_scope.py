"""Another manager's customer does not exist for the caller: 404, like a made-up id."""

import pytest

from tests.conftest import api_client_for
from tests.factories import ContactFactory, CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_manager):
    customer = CustomerFactory(manager=other_manager)
    SubscriberFactory(customer=customer)
    ContactFactory(customer=customer)
    return customer


def _answers(client, customer_id):
    return [
        client.get(f"/api/v1/customers/{customer_id}"),
        client.get(f"/api/v1/customers/{customer_id}/subscribers"),
        client.get(f"/api/v1/customers/{customer_id}/accounts"),
        client.get("/api/v1/accounts", {"customer_id": customer_id}),
        client.get("/api/v1/contacts", {"customer_id": customer_id}),
        client.patch(
            f"/api/v1/customers/{customer_id}", {"name": "改名"}, content_type="application/json"
        ),
    ]


def test_it_answers_404_for_another_managers_customer_everywhere(manager, theirs):
    client = api_client_for(manager)
    out_of_scope = _answers(client, theirs.pk)
    made_up = _answers(client, theirs.pk + 1000)
    assert [a.status_code for a in out_of_scope] == [404] * 6
    assert [a.json() for a in out_of_scope] == [a.json() for a in made_up]
    theirs.refresh_from_db()
    assert theirs.name != "改名"


def test_it_answers_404_for_another_managers_contacts_and_lines(manager, theirs):
    client = api_client_for(manager)
    contact = theirs.contacts.get()
    subscriber = theirs.subscribers.get()
    assert client.get(f"/api/v1/contacts/{contact.pk}").status_code == 404
    assert client.get(f"/api/v1/subscribers/{subscriber.pk}").status_code == 404
    lookup = client.get("/api/v1/subscribers", {"number": subscriber.number}).json()
    assert lookup == {"items": [], "count": 0}


def test_it_lists_only_the_callers_customers(manager, theirs):
    mine = CustomerFactory(manager=manager)
    body = api_client_for(manager).get("/api/v1/customers").json()
    assert [c["id"] for c in body["items"]] == [mine.pk]


def test_it_shows_the_supervisor_the_customers_of_their_team(supervisor, manager, theirs):
    ours = CustomerFactory(manager=manager)
    SubscriberFactory(customer=ours)
    client = api_client_for(supervisor)
    listing = client.get("/api/v1/customers").json()
    assert [c["id"] for c in listing["items"]] == [ours.pk]
    assert client.get(f"/api/v1/customers/{ours.pk}").status_code == 200
    assert client.get(f"/api/v1/customers/{ours.pk}/subscribers").json()["count"] == 1
    assert client.get(f"/api/v1/customers/{theirs.pk}").status_code == 404
