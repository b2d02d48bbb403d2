"""Group products (with their member count) and contracts, including those expiring soon."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from kamdesk.customers.models import Contract, Product, ProductMember
from tests.conftest import api_client_for
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _contract(customer, code, expires_on):
    return Contract.objects.create(
        code=code,
        customer=customer,
        title=code,
        starts_on=dt.date(2024, 1, 1),
        term_months=36,
        expires_on=expires_on,
        minimum_monthly=Decimal("5000"),
    )


def test_it_answers_a_closed_user_group_with_its_member_count(manager):
    customer = CustomerFactory(manager=manager)
    product = Product.objects.create(
        product_id="VPMN1",
        customer=customer,
        kind="vpmn",
        name="集团V网",
        monthly_fee=Decimal("300.5"),
    )
    for short in ("6001", "6002", "6003"):
        ProductMember.objects.create(
            product=product, subscriber=SubscriberFactory(customer=customer), short_number=short
        )
    client = api_client_for(manager)
    body = client.get(f"/api/v1/products/{product.pk}").json()
    assert body["member_count"] == 3
    assert body["monthly_fee"] == "300.50"
    listing = client.get("/api/v1/products", {"customer_id": customer.pk}).json()
    assert [p["product_id"] for p in listing["items"]] == ["VPMN1"]


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_lists_the_contracts_expiring_within_the_days_asked(manager, other_manager):
    mine = CustomerFactory(manager=manager)
    _contract(mine, "SOON", dt.date(2026, 12, 1))
    _contract(mine, "LATER", dt.date(2027, 6, 1))
    _contract(mine, "PAST", dt.date(2026, 10, 1))
    _contract(CustomerFactory(manager=other_manager), "THEIRS", dt.date(2026, 12, 1))
    client = api_client_for(manager)
    soon = client.get("/api/v1/contracts", {"expiring_within_days": 90}).json()
    everything = client.get("/api/v1/contracts", {"customer_id": mine.pk}).json()
    assert [c["code"] for c in soon["items"]] == ["SOON"]
    assert soon["items"][0]["minimum_monthly"] == "5000.00"
    assert [c["code"] for c in everything["items"]] == ["PAST", "SOON", "LATER"]
