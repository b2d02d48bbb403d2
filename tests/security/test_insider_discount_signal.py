"""Orders with unusual discounts (E1): discounts set through the orders service reach the
trail with the items' sum, and `kam risk insider scan` queues a signal for the auditor
when a manager's discount is far above their own earlier ones and their peers'."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record
from kamdesk.orders.services.items import ItemInput, items_add
from kamdesk.orders.services.orders import order_create, order_set_discount
from kamdesk.security.models import InsiderSignal
from kamdesk.users.models import Role
from tests.conftest import client_for
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY_START = dt.datetime(2026, 11, 19, 16, 0, tzinfo=dt.UTC)  # 20 November in Shanghai


def discounted_order(manager, *, price: str, discount: str, at: dt.datetime):
    with time_machine.travel(at, tick=False):
        order = order_create(actor=manager, customer=CustomerFactory(manager=manager))
        handset = ItemInput(
            kind="handset", handset_model="华为 Mate 70", imei="356938035643809",
            unit_price=Decimal(price),
        )  # fmt: skip
        items_add(order=order, actor=manager, items=[handset])
        return order_set_discount(
            order=order, actor=manager, discount=Decimal(discount), reason="集团优惠"
        )


@pytest.fixture
def usual_discounts(manager):
    """Three weeks of 4–7 % discounts by the manager and three peers, in the trail as the
    orders service writes them (its own shape is checked below)."""
    peers = [UserFactory(username=f"peer_{n}", role=Role.MANAGER) for n in range(3)]
    for day in range(1, 21, 3):
        at = DAY_START - dt.timedelta(days=day) + dt.timedelta(hours=2)
        for n, person in enumerate([manager, *peers]):
            with time_machine.travel(at + dt.timedelta(minutes=n), tick=False):
                audit_record(
                    actor=person,
                    action="order.discount",
                    target_type="orders.order",
                    target_id=f"{day}{n}",
                    extra={"discount": str(160 + 40 * n), "subtotal": "4000.00"},
                )


def scan():
    call_command("risk", "insider", "scan", "--date", "2026-11-20")


def test_it_records_the_discount_with_the_items_sum(manager):
    order = discounted_order(manager, price="4000.00", discount="200.00", at=DAY_START)
    event = AuditEvent.objects.get(action="order.discount", target_id=str(order.pk))
    assert event.extra == {"discount": "200.00", "subtotal": "4000.00"}


def test_it_queues_an_unusual_discount_with_its_order_as_evidence(usual_discounts, manager):
    at = DAY_START + dt.timedelta(hours=3)
    order = discounted_order(manager, price="4000.00", discount="1600.00", at=at)
    scan()
    signal = InsiderSignal.objects.get()
    assert (signal.kind, signal.actor, signal.status) == ("unusual_discount", manager, "open")
    event = AuditEvent.objects.get(action="order.discount", target_id=str(order.pk))
    assert signal.evidence["event_ids"] == [event.id]
    assert signal.evidence["counts"]["max_pct"] == 40.0


def test_it_leaves_a_usual_discount_alone(usual_discounts, manager):
    discounted_order(manager, price="4000.00", discount="200.00", at=DAY_START)
    scan()
    assert not InsiderSignal.objects.exists()


def test_it_shows_the_signal_to_the_auditor(usual_discounts, manager, auditor):
    discounted_order(manager, price="4000.00", discount="1600.00", at=DAY_START)
    scan()
    client = client_for(auditor)
    assert "折扣异常的订单" in client.get("/audit/signals/").content.decode()  # zh-Hans default
    detail = client.get(f"/audit/signals/{InsiderSignal.objects.get().pk}/")
    assert [e.action for e in detail.context["events"]] == ["order.discount"]
