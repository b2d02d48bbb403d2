"""The customer list's q is read by its shape, like the search box of the pages."""

import pytest

from tests.conftest import api_client_for
from tests.factories import CustomerFactory, SubscriberFactory, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers(manager):
    mobile = CustomerFactory(manager=manager, name="江苏移动通信有限责任公司")
    bank = CustomerFactory(manager=manager, name="南京银行股份有限公司", uscc=make_uscc(424242))
    SubscriberFactory(customer=bank, number="13951234567")
    return {"mobile": mobile, "bank": bank}


def _codes(manager, q):
    answer = api_client_for(manager).get("/api/v1/customers", {"q": q})
    assert answer.status_code == 200
    return [item["code"] for item in answer.json()["items"]]


def test_it_finds_a_customer_by_a_subscriber_number(manager, customers):
    assert _codes(manager, "139 5123 4567") == [customers["bank"].code]


def test_it_finds_a_customer_by_uscc(manager, customers):
    assert _codes(manager, make_uscc(424242)) == [customers["bank"].code]


def test_it_finds_a_customer_by_part_of_the_name(manager, customers):
    assert _codes(manager, "南京银行") == [customers["bank"].code]


def test_it_finds_a_customer_by_pinyin(manager, customers):
    assert _codes(manager, "jiangsu") == [customers["mobile"].code]


def test_it_finds_a_customer_by_initials(manager, customers):
    assert _codes(manager, "njyh") == [customers["bank"].code]
