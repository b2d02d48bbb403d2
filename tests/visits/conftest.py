"""Data shared by the visit tests: the manager's A-grade group in Nanjing with
coordinates and a contact. Time is frozen on Wednesday 25 November 2026, 10:00 in
Shanghai (02:00 UTC), a working day, unless a test moves it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.factories import ContactFactory, CustomerFactory, grade

WEDNESDAY_10 = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(WEDNESDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def customer(manager):
    return CustomerFactory(
        manager=manager,
        grade=grade("A"),
        name="南京钢铁集团有限公司",
        district="鼓楼区",
        address="南京市鼓楼区中山北路 1 号",
        latitude=Decimal("32.066000"),
        longitude=Decimal("118.783000"),
    )


@pytest.fixture
def contact(customer):
    return ContactFactory(customer=customer, name="王敏", phone="13912345678")
