"""A retried submission is not duplicated at BOSS: the simulated BOSS (served by KAM Desk
itself) loses its first answer; KAM Desk retries with the same idempotency key; BOSS
keeps one order and calls back once, which confirms the order."""

import datetime as dt

import pytest
from django.test import override_settings

from kamdesk.core.crypto import token_hash
from kamdesk.customers.models import Subscriber
from kamdesk.orders.models import ExternalInterface, Order, SimulatedBossOrder
from kamdesk.orders.services.boss import order_deliver, order_submit
from kamdesk.orders.services.items import ItemInput
from kamdesk.orders.views.simulators import LOSE_FIRST_ANSWER, simulator_token
from tests.factories import AccountFactory, CustomerFactory, PlanFactory, TeamFactory, UserFactory
from tests.orders.factories import approved, handset, new_line

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _interfaces(base: str) -> None:
    ExternalInterface.objects.create(
        kind="boss",
        endpoint_url=f"{base}/orders/boss-simulator/",
        callback_token_hash=token_hash(simulator_token()),
        timeout_seconds=20,
    )
    ExternalInterface.objects.create(
        kind="realname", endpoint_url=f"{base}/orders/realname-simulator"
    )


def test_a_retried_submission_is_not_duplicated(live_server):
    supervisor = UserFactory(username="sup_i", role="supervisor")
    manager = UserFactory(username="man_i", team=TeamFactory(supervisor=supervisor))
    customer = CustomerFactory(manager=manager)
    AccountFactory(customer=customer)
    plan = PlanFactory(code="P88", monthly_fee="88.00")
    _interfaces(live_server.url)
    with override_settings(KAM_SITE_URL=live_server.url):
        order = approved(
            actor=manager,
            customer=customer,
            items=[new_line(plan, number="13912345678", seq=2), handset()],
        )
        Order.objects.filter(pk=order.pk).update(note=f"测试 {LOSE_FIRST_ANSWER}")
        order_submit(order=order, actor=manager)  # the first answer is lost (503)
        order.refresh_from_db()
        assert (order.status, order.delivery, order.delivery_attempts) in {
            ("submitting", "pending", 1),
            ("confirmed", "pending", 1),
        }

        retried = order_deliver(
            order_id=order.pk, now=order.delivery_next_at + dt.timedelta(seconds=1)
        )

    assert retried
    received = SimulatedBossOrder.objects.get()
    assert received.idempotency_key == str(order.idempotency_key)
    assert received.times_received == 2
    assert received.answer == "confirmed"
    order.refresh_from_db()
    assert (order.status, order.boss_ref, order.delivery) == (
        "confirmed",
        received.boss_ref,
        "delivered",
    )
    assert Subscriber.objects.filter(number="13912345678", customer=customer).count() == 1


def test_the_simulated_boss_rejects_a_number_no_longer_in_the_pool(live_server):
    supervisor = UserFactory(username="sup_j", role="supervisor")
    manager = UserFactory(username="man_j", team=TeamFactory(supervisor=supervisor))
    customer = CustomerFactory(manager=manager)
    AccountFactory(customer=customer)
    plan = PlanFactory(code="P99", monthly_fee="99.00")
    _interfaces(live_server.url)
    with override_settings(KAM_SITE_URL=live_server.url):
        order = approved(
            actor=manager, customer=customer, items=[new_line(plan, number="13912344444", seq=1)]
        )
        order_submit(order=order, actor=manager)

    order.refresh_from_db()
    assert order.status == "rejected"
    assert not Subscriber.objects.filter(number="13912344444").exists()
    assert ItemInput  # the kinds used above come from the services' input type
