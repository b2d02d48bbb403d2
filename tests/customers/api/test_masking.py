"""Full subscriber numbers and identity numbers never leave the API."""

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.customers.models import Contract, Product, ProductMember
from kamdesk.customers.services import customer_create
from tests.conftest import api_client_for
from tests.factories import (
    AccountFactory,
    ContactFactory,
    InteractionFactory,
    SubscriberFactory,
    make_resident_id,
)

pytestmark = pytest.mark.django_db

ID_NUMBER = make_resident_id(321)
NUMBER = "13987654321"
PHONE = "13612345678"


@pytest.fixture
def vip(manager):
    customer = customer_create(
        actor=manager,
        data={
            "code": "V0009",
            "kind": "individual",
            "name": "赵六",
            "id_type": "resident_id",
            "id_number": ID_NUMBER,
            "grade": "gold",
            "manager": "manager_a",
        },
    )
    account = AccountFactory(customer=customer)
    subscriber = SubscriberFactory(customer=customer, account=account, number=NUMBER)
    contact = ContactFactory(customer=customer, phone=PHONE, email="zhaoliu@example.cn")
    InteractionFactory(customer=customer, contact=contact)
    product = Product.objects.create(
        product_id="VP01", customer=customer, kind="vpmn", name="V网", monthly_fee=Decimal("10")
    )
    ProductMember.objects.create(product=product, subscriber=subscriber, short_number="6001")
    contract = Contract.objects.create(
        code="K01",
        customer=customer,
        title="合同",
        starts_on=dt.date(2025, 1, 1),
        term_months=24,
        expires_on=dt.date(2027, 1, 1),
    )
    return customer, account, subscriber, contact, product, contract


def test_it_never_answers_a_full_number_or_identity_number(manager, vip):
    customer, account, subscriber, contact, product, contract = vip
    interaction = customer.interactions.get()
    client = api_client_for(manager)
    paths = [
        "/api/v1/customers",
        f"/api/v1/customers/{customer.pk}",
        "/api/v1/customers?q=zhaoliu",
        f"/api/v1/customers?q={NUMBER}",
        f"/api/v1/customers/{customer.pk}/subscribers",
        f"/api/v1/customers/{customer.pk}/accounts",
        f"/api/v1/subscribers?number={NUMBER}",
        f"/api/v1/subscribers/{subscriber.pk}",
        "/api/v1/accounts",
        f"/api/v1/accounts/{account.pk}",
        "/api/v1/products",
        f"/api/v1/products/{product.pk}",
        "/api/v1/contracts",
        f"/api/v1/contracts/{contract.pk}",
        "/api/v1/contacts",
        f"/api/v1/contacts/{contact.pk}",
        "/api/v1/interactions",
        f"/api/v1/interactions/{interaction.pk}",
    ]
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        text = answer.content.decode()
        for secret in (ID_NUMBER, NUMBER, PHONE, "zhaoliu@"):
            assert secret not in text, (path, secret)


def test_it_answers_the_masked_forms(manager, vip):
    customer, _account, subscriber, contact, _product, _contract = vip
    client = api_client_for(manager)
    assert client.get(f"/api/v1/customers/{customer.pk}").json()["id_number_masked"] == (
        ID_NUMBER[:4] + "**********" + ID_NUMBER[-4:]
    )
    assert client.get(f"/api/v1/subscribers/{subscriber.pk}").json()["number_masked"] == (
        "139****4321"
    )
    body = client.get(f"/api/v1/contacts/{contact.pk}").json()
    assert (body["phone_masked"], body["email_masked"]) == ("136****5678", "z***@example.cn")
