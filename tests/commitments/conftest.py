"""Data shared by the commitment tests: a customer of the manager (in the supervisor's
team) with a contact. Time is frozen on Wednesday 25 November 2026, 10:00 in Shanghai."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.commitments.services import CommitmentInput, commitment_create
from tests.factories import ContactFactory, CustomerFactory

WEDNESDAY_10 = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def frozen():
    with time_machine.travel(WEDNESDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, name="南京星科信息技术有限公司")


@pytest.fixture
def contact(customer):
    return ContactFactory(customer=customer, name="钱主任")


def promise(*, actor, customer, due_on, title="月底前完成专线扩容方案", now=None, **extra):
    data = CommitmentInput(
        customer=customer,
        title=title,
        due_on=due_on,
        source_kind=extra.pop("source_kind", "call"),
        **extra,
    )
    return commitment_create(actor=actor, data=data, now=now)
