"""Orders ask risk before approval: no plan change, value-added service or handset deal
for a subscriber with a live port-out request (service stays allowed), and a new
customer's onboarding risk is shown on the order before it is approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.services.items import ItemInput, items_add
from kamdesk.orders.services.orders import order_create, order_request_approval
from tests.conftest import client_for
from tests.factories import PlanFactory
from tests.risk.conftest import NOW
from tests.risk.factories import event_add, group_with_line

pytestmark = pytest.mark.django_db


def _plan_change_order(manager):  # noqa: ANN001, ANN202
    customer, sub = group_with_line(manager=manager)
    sub.plan = PlanFactory(code="P128", name="全球通128元", monthly_fee=Decimal("128.00"))
    sub.save(update_fields=["plan"])
    order = order_create(actor=manager, customer=customer)
    cheaper = PlanFactory(code="P58", name="全球通58元", monthly_fee=Decimal("58.00"))
    items_add(
        order=order,
        actor=manager,
        items=[ItemInput(kind="plan_change", subscriber=sub, plan=cheaper)],
    )
    return order, sub


def test_a_plan_change_for_a_porting_subscriber_is_refused_with_the_reason(frozen, manager):
    order, sub = _plan_change_order(manager)
    event_add(sub, "port_out_code_requested", NOW - dt.timedelta(hours=3))
    with pytest.raises(ValidationFailed) as refused:
        order_request_approval(order=order, actor=manager)
    message = " ".join(refused.value.errors["items"])
    assert "携号转网授权码" in message and "服务关怀" in message
    order.refresh_from_db()
    assert order.status == "draft"


def test_the_same_order_goes_ahead_once_the_subscriber_withdrew(frozen, manager):
    order, sub = _plan_change_order(manager)
    event_add(sub, "port_out_code_requested", NOW - dt.timedelta(days=2))
    event_add(sub, "resumption", NOW - dt.timedelta(days=1))
    assert order_request_approval(order=order, actor=manager).status in (
        "approved",
        "awaiting_approval",
    )


def test_the_order_page_shows_a_new_customers_onboarding_risk(frozen, manager):
    order, _sub = _plan_change_order(manager)
    customer = order.customer
    customer.months_on_network, customer.credit_tier, customer.industry = 2, "C", "房地产开发"
    customer.save(update_fields=["months_on_network", "credit_tier", "industry"])
    body = client_for(manager).get(f"/orders/{order.pk}/").content.decode()
    assert 'id="onboarding-risk"' in body and "9/10" in body

    customer.months_on_network = 48
    customer.save(update_fields=["months_on_network"])
    body = client_for(manager).get(f"/orders/{order.pk}/").content.decode()
    assert 'id="onboarding-risk"' not in body
