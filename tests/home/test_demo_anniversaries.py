"""The demo manager's home shows anniversaries of key contacts this week: one in the
post and one of a customer's partnership with the operator."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.home.demo import showcase_anniversaries
from kamdesk.home.panels.birthdays import provide
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2028, 2, 26, 2, 0, tzinfo=dt.UTC)  # three days before 29 February


def test_the_demo_shows_anniversaries_this_week(manager):
    customers = [CustomerFactory(manager=manager) for _ in range(3)]
    for customer in customers:
        ContactFactory(customer=customer, consent_greetings=True, preferred_channel="sms")
    with time_machine.travel(NOW, tick=False):
        showcase_anniversaries(customers, NOW.date())
        showcase_anniversaries(customers, NOW.date())  # a second run adds nothing
        titles = [item.title for item in provide(user=manager, now=NOW).items]
    # Both posts fall on the 28th (the second was taken on 28 February 2022).
    assert sorted(t[:5] for t in titles[:2]) == ["任职5周年", "任职6周年"]
    assert titles[2].startswith("合作8周年") and len(titles) == 3
