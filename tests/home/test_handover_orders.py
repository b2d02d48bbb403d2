"""A handover gives the customers' unfinished orders to the new manager, who then sees and
acts on them; confirmed and cancelled orders keep their manager, and the order's history,
the audit trail and the handover's counts record the move."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.models import AuditEvent
from kamdesk.home.services import HandoverInput, handover_perform
from kamdesk.orders.models import Order, OrderStatus
from kamdesk.orders.services.orders import order_cancel, order_create
from tests.conftest import client_for
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def colleague(team):
    return UserFactory(username="manager_c", role="manager", team=team, display_name="周经理")


def order_in(customer, manager, status: str) -> Order:
    order = order_create(actor=manager, customer=customer, note="驻点服务日受理")
    # The states BOSS puts an order in are set directly: the BOSS round trip is the
    # orders tests' business, not the handover's.
    Order.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def test_it_moves_unfinished_orders_and_leaves_finished_ones(supervisor, manager, colleague):
    customer = CustomerFactory(manager=manager, name="南京星科")
    draft = order_create(actor=manager, customer=customer)
    submitted = order_in(customer, manager, OrderStatus.SUBMITTED)
    failed = order_in(customer, manager, OrderStatus.FAILED)
    confirmed = order_in(customer, manager, OrderStatus.CONFIRMED)
    cancelled = order_cancel(
        order=order_create(actor=manager, customer=customer), actor=manager, reason="客户取消"
    )
    other = order_create(actor=manager, customer=CustomerFactory(manager=manager))

    handover = handover_perform(
        actor=supervisor,
        data=HandoverInput(manager.pk, colleague.pk, [customer.pk], "departure", "交接说明"),
    )

    owners = dict(Order.objects.values_list("pk", "owner__username"))
    assert {owners[o.pk] for o in (draft, submitted, failed)} == {"manager_c"}
    assert {owners[o.pk] for o in (confirmed, cancelled, other)} == {"manager_a"}
    assert handover.moved["orders"] == 3
    moved_audits = AuditEvent.objects.filter(action="order.handed_over")
    assert moved_audits.count() == 3 and {a.actor_id for a in moved_audits} == {supervisor.pk}
    assert AuditEvent.objects.get(action="handover.created").extra["orders"] == 3
    assert draft.events.filter(kind="handed_over", actor=supervisor).exists()
    assert not confirmed.events.filter(kind="handed_over").exists()


def test_the_new_manager_sees_and_acts_on_the_open_order(supervisor, manager, colleague):
    customer = CustomerFactory(manager=manager)
    draft = order_create(actor=manager, customer=customer)
    handover_perform(
        actor=supervisor,
        data=HandoverInput(manager.pk, colleague.pk, [customer.pk], "leave", "交接说明"),
    )

    new, old = client_for(colleague), client_for(manager)
    assert new.get(f"/orders/{draft.pk}/").status_code == 200
    assert old.get(f"/orders/{draft.pk}/").status_code == 404
    assert draft.number in new.get("/orders/").content.decode()
    assert draft.number not in old.get("/orders/").content.decode()
    new.post(f"/orders/{draft.pk}/cancel/", {"reason": "客户改为下月办理"})
    draft.refresh_from_db()
    assert draft.status == OrderStatus.CANCELLED
    assert draft.events.filter(kind="cancelled", actor=colleague).exists()
