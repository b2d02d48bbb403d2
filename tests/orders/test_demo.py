"""The demo gives every demo manager orders in every state and commitments of every kind,
with the interfaces pointing at the simulated BOSS."""

import datetime as dt

import time_machine

from kamdesk.commitments.demo import commitments_demo_load
from kamdesk.commitments.models import Commitment
from kamdesk.orders.demo import STATES, orders_demo_load
from kamdesk.orders.models import ExternalInterface, Order
from tests.factories import (
    AccountFactory,
    ContactFactory,
    CustomerFactory,
    PlanFactory,
    UserFactory,
)


def test_every_manager_has_every_state(db, supervisor, team):
    PlanFactory(code="P58", monthly_fee="58.00")
    PlanFactory(code="P128", monthly_fee="128.00")
    managers = [UserFactory(username=f"manager{n}", team=team) for n in (1, 2)]
    for manager in managers:
        for _ in range(3):
            customer = CustomerFactory(manager=manager)
            AccountFactory(customer=customer)
            ContactFactory(customer=customer)

    with time_machine.travel(dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC), tick=False):
        orders_line = orders_demo_load(seed=1, today=dt.date(2026, 11, 25))
        commitments_line = commitments_demo_load(seed=1, today=dt.date(2026, 11, 25))

    for manager in managers:
        states = set(Order.objects.filter(owner=manager).values_list("status", flat=True))
        assert states == {
            "draft",
            "awaiting_approval",
            "approved",
            "submitting",
            "submitted",
            "confirmed",
            "rejected",
            "failed",
            "cancelled",
        }
        kinds = set(Commitment.objects.filter(owner=manager).values_list("status", flat=True))
        assert {"open", "fulfilled", "overdue", "renegotiated"} <= kinds
    assert Order.objects.count() == 2 * len(STATES)
    assert ExternalInterface.objects.get(kind="boss").endpoint_url.endswith(
        "/orders/boss-simulator/"
    )
    assert orders_line and commitments_line
