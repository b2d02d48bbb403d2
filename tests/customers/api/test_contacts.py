"""Contacts over the API: create, change, list."""

import pytest

from kamdesk.customers.models import Contact
from tests.conftest import api_client_for
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_contact_and_answers_it_masked(manager):
    customer = CustomerFactory(manager=manager)
    answer = api_client_for(manager).post(
        "/api/v1/contacts",
        {
            "customer_id": customer.pk,
            "name": "陈主任",
            "phone": "13712345678",
            "email": "chen@example.cn",
            "decision_role": "decision_maker",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201
    contact = Contact.objects.get(customer=customer)
    assert (contact.name, contact.phone) == ("陈主任", "13712345678")
    assert answer.json()["phone_masked"] == "137****5678"


def test_it_refuses_a_bad_email_with_a_message_on_email(manager):
    customer = CustomerFactory(manager=manager)
    answer = api_client_for(manager).post(
        "/api/v1/contacts",
        {"customer_id": customer.pk, "name": "陈主任", "email": "nope"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["email"]
    assert not Contact.objects.exists()


def test_it_changes_only_the_fields_sent(manager):
    contact = ContactFactory(customer=CustomerFactory(manager=manager), title="主任")
    answer = api_client_for(manager).patch(
        f"/api/v1/contacts/{contact.pk}", {"hobbies": "钓鱼"}, content_type="application/json"
    )
    assert answer.status_code == 200
    contact.refresh_from_db()
    assert (contact.hobbies, contact.title) == ("钓鱼", "主任")


def test_it_answers_404_when_adding_a_contact_to_another_managers_customer(manager, other_manager):
    customer = CustomerFactory(manager=other_manager)
    answer = api_client_for(manager).post(
        "/api/v1/contacts",
        {"customer_id": customer.pk, "name": "陈主任"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert not Contact.objects.exists()


def test_it_records_the_day_a_contact_took_their_post(manager):
    customer = CustomerFactory(manager=manager)
    client = api_client_for(manager)
    created = client.post(
        "/api/v1/contacts",
        {"customer_id": customer.pk, "name": "陈主任", "in_post_since": "2021-11-27"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["in_post_since"] == "2021-11-27"
    contact_id = created.json()["id"]
    changed = client.patch(
        f"/api/v1/contacts/{contact_id}",
        {"in_post_since": "2022-03-01"},
        content_type="application/json",
    )
    assert changed.json()["in_post_since"] == "2022-03-01"
    assert str(Contact.objects.get(pk=contact_id).in_post_since) == "2022-03-01"
