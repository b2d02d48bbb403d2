"""The order pages: from the 360 page, from a service day, the lock-in rule, the
timeline, the green channel and the supervisor's list."""

import datetime as dt

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contract, Interaction, Product, ProductMember
from kamdesk.orders.models import Order
from kamdesk.orders.services.items import items_add
from kamdesk.orders.services.orders import order_create
from tests.commitments.factories import service_day
from tests.conftest import client_for
from tests.orders.factories import approved, handset, plan_change


def test_an_order_is_opened_from_the_360_page(frozen, manager, customer, account):
    client = client_for(manager)

    panel = client.get(f"/orders/customer/{customer.pk}/").content.decode()
    made = client.post(
        f"/orders/new/?customer={customer.pk}", {"account": account.pk, "note": "驻点受理"}
    )

    assert "new-order" in panel
    order = Order.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/orders/{order.pk}/"
    assert client.get(f"/orders/{order.pk}/").status_code == 200


def test_an_order_from_a_service_days_items(frozen, manager, customer, account):
    day, items = service_day(
        customer=customer,
        manager=manager,
        items=[("sim", "张三手机卡损坏需补卡", "张三"), ("application", "新开两条专线", "李四")],
    )
    client = client_for(manager)

    client.post(f"/orders/from-visit/{day.pk}/", {"items": [items[0].pk]})

    order = Order.objects.get()
    assert order.source_visit == day and "张三手机卡损坏" in order.note
    items[0].refresh_from_db()
    items[1].refresh_from_db()
    assert (items[0].status, items[0].handoff_ref) == ("handed_to_order", order.number)
    assert items[1].status == "open"


def test_a_plan_change_respects_the_lock_in(frozen, manager, customer, account, plans, line):
    product = Product.objects.create(
        product_id="VPMN-1", customer=customer, kind="vpmn", name="集团V网"
    )
    ProductMember.objects.create(product=product, subscriber=line)
    contract = Contract.objects.create(
        code="HT-1",
        customer=customer,
        title="三年合约",
        starts_on=dt.date(2025, 1, 1),
        term_months=36,
        expires_on=dt.date(2027, 12, 31),
    )
    contract.products.add(product)
    order = order_create(actor=manager, customer=customer)

    with pytest.raises(ValidationFailed) as refused:
        items_add(order=order, actor=manager, items=[plan_change(line, plans["cheap"])])
    items_add(order=order, actor=manager, items=[plan_change(line, plans["top"])])

    assert "lock-in until 2027-12-31" in refused.value.errors["plan"][0]
    assert order.items.get().plan == plans["top"]


def test_a_submitted_order_is_in_the_timeline(
    frozen, manager, customer, boss, django_capture_on_commit_callbacks
):
    from kamdesk.orders.services.boss import order_submit

    order = approved(actor=manager, customer=customer, items=[handset()])
    with django_capture_on_commit_callbacks(execute=True):
        order_submit(order=order, actor=manager)

    summary = Interaction.objects.get(customer=customer).summary
    assert order.number in summary and "华为 Mate 70" in summary


def test_the_green_channel_opens_a_request_with_a_step(frozen, manager, customer, backoffice):
    order = approved(actor=manager, customer=customer, items=[handset()])

    client_for(manager).post(
        f"/orders/{order.pk}/green-channel/",
        {"department": backoffice.department.pk, "instructions": "安排手机配送到客户办公室"},
    )

    order.refresh_from_db()
    assert order.fulfilment_ticket is not None
    step = order.fulfilment_ticket.steps.get()
    assert step.department == backoffice.department


def test_the_supervisor_sees_what_awaits_approval(frozen, manager, supervisor, customer):
    order = approved(actor=manager, customer=customer, items=[handset()], discount="900.00")

    page = client_for(supervisor).get("/orders/").content.decode()
    detail = client_for(supervisor).get(f"/orders/{order.pk}/").content.decode()

    assert order.number in page and "awaiting-approval" in page
    assert "approve-form" in detail
