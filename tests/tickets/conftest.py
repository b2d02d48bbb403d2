"""Data shared by the request tests: a B-grade group of the manager with a contact, the
billing and network departments, and a helper that opens a request.

Time is frozen on Wednesday 25 November 2026, 10:00 in Shanghai (02:00 UTC), a working
day, unless a test moves it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.tickets.models import Category
from kamdesk.tickets.services.tickets import TicketInput, ticket_create
from tests.factories import ContactFactory, CustomerFactory, DepartmentFactory, UserFactory, grade

WEDNESDAY_10 = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(WEDNESDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def billing(backoffice):
    return backoffice.department


@pytest.fixture
def network(db):
    return DepartmentFactory(code="network", name="网络部")


@pytest.fixture
def network_agent(network):
    return UserFactory(username="agent_net", role="backoffice", department=network)


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, name="南京星科信息技术有限公司", grade=grade("B"))


@pytest.fixture
def contact(customer):
    return ContactFactory(
        customer=customer, name="钱主任", phone="13700001111", email="qian@xingke.example.cn"
    )


def open_request(*, actor, customer, category: str = "bill_dispute", now=None, **extra):
    data = TicketInput(
        customer=customer,
        category=Category.objects.get(code=category),
        channel=extra.pop("channel", "phone"),
        title=extra.pop("title", "三月账单流量费用有误"),
        **extra,
    )
    return ticket_create(actor=actor, data=data, now=now)
