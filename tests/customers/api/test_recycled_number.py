"""A recycled number: the holder depends on the day asked about."""

import datetime as dt

import pytest
import time_machine

from tests.conftest import api_client_for
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

NUMBER = "13812345678"


@pytest.fixture
def holders(manager):
    old = SubscriberFactory(
        customer=CustomerFactory(manager=manager),
        number=NUMBER,
        valid_from=dt.date(2019, 3, 1),
        valid_to=dt.date(2023, 6, 1),
    )
    new = SubscriberFactory(
        customer=CustomerFactory(manager=manager), number=NUMBER, valid_from=dt.date(2023, 6, 1)
    )
    return old, new


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_answers_the_holder_on_the_day_asked(manager, holders):
    old, new = holders
    client = api_client_for(manager)
    then = client.get("/api/v1/subscribers", {"number": NUMBER, "on": "2022-01-01"}).json()
    today = client.get("/api/v1/subscribers", {"number": NUMBER}).json()
    assert then["count"] == 1 and then["items"][0]["id"] == old.pk
    assert then["items"][0]["customer_id"] == old.customer_id
    assert today["count"] == 1 and today["items"][0]["id"] == new.pk


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_hands_the_number_over_on_the_day_of_the_change(manager, holders):
    old, new = holders
    client = api_client_for(manager)
    eve = client.get("/api/v1/subscribers", {"number": NUMBER, "on": "2023-05-31"}).json()
    day = client.get("/api/v1/subscribers", {"number": NUMBER, "on": "2023-06-01"}).json()
    assert eve["items"][0]["id"] == old.pk
    assert day["items"][0]["id"] == new.pk


def test_it_refuses_something_that_is_not_a_number(manager):
    answer = api_client_for(manager).get("/api/v1/subscribers", {"number": "12345"})
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["number"]
