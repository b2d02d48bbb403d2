"""The one search box: number, USCC, name, pinyin and pinyin initials."""

import datetime as dt

import pytest
import time_machine

from kamdesk.customers.selectors import CustomerFilters, customer_search, subscriber_holder
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mobile(manager):
    return CustomerFactory(manager=manager, name="中国移动测试集团有限公司", region="南京市")


@pytest.fixture
def bank(manager):
    return CustomerFactory(
        manager=manager, name="江苏银行股份有限公司", region="苏州市", grade__code="B"
    )


def search(user, **kwargs):
    return list(customer_search(user=user, filters=CustomerFilters(**kwargs)))


def test_it_finds_by_pinyin_initials(manager, mobile, bank):
    assert search(manager, q="zgyd") == [mobile]


def test_it_finds_by_full_pinyin_prefix(manager, mobile, bank):
    assert search(manager, q="jiangsuyinhang") == [bank]


def test_it_finds_by_part_of_the_name(manager, mobile, bank):
    assert search(manager, q="银行") == [bank]


def test_it_finds_by_uscc(manager, mobile, bank):
    assert search(manager, q=bank.uscc.lower()) == [bank]


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_finds_by_the_current_holder_of_a_number(manager, mobile, bank):
    SubscriberFactory(
        customer=mobile,
        number="13951234567",
        valid_from=dt.date(2018, 1, 1),
        valid_to=dt.date(2024, 1, 1),
    )
    SubscriberFactory(customer=bank, number="13951234567", valid_from=dt.date(2024, 1, 1))
    assert search(manager, q="139 5123 4567") == [bank]


def test_it_applies_filters(manager, mobile, bank):
    assert search(manager, region="苏州市") == [bank]
    assert search(manager, q="", kind="individual") == []


def test_it_never_finds_customers_outside_the_scope(manager, other_manager):
    CustomerFactory(manager=other_manager, name="中国移动外部集团")
    assert search(manager, q="zgyd") == []


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_resolves_a_recycled_number_to_the_holder_at_that_time(sysadmin, manager):
    first = SubscriberFactory(
        customer=CustomerFactory(manager=manager),
        number="18800001111",
        valid_from=dt.date(2015, 3, 1),
        valid_to=dt.date(2023, 6, 1),
    )
    second = SubscriberFactory(
        customer=CustomerFactory(manager=manager),
        number="18800001111",
        valid_from=dt.date(2023, 6, 1),
    )
    assert subscriber_holder(user=sysadmin, number="18800001111", on=dt.date(2020, 1, 1)) == first
    assert subscriber_holder(user=sysadmin, number="18800001111", on=dt.date(2023, 5, 31)) == first
    assert subscriber_holder(user=sysadmin, number="18800001111", on=dt.date(2023, 6, 1)) == second
    assert subscriber_holder(user=sysadmin, number="18800001111") == second
    assert subscriber_holder(user=sysadmin, number="18800001111", on=dt.date(2010, 1, 1)) is None
