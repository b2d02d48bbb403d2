"""Orders that break a rule are refused with a clear message, and nothing reaches BOSS:
an invalid identity document, an invalid IMEI, a holder at five numbers already, a
value-added service without the subscriber's SMS confirmation, a discount above the
limit without a supervisor's approval."""

from decimal import Decimal

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.models import Order, OrderItem
from kamdesk.orders.services.boss import order_submit
from kamdesk.orders.services.items import ItemInput, items_add
from kamdesk.orders.services.orders import order_create
from tests.orders.factories import approved, draft, handset, new_line


def _refused(call) -> dict:
    with pytest.raises(ValidationFailed) as refused:
        call()
    return refused.value.errors


def test_an_invalid_identity_document(frozen, manager, customer, account, plans, boss):
    order = order_create(actor=manager, customer=customer)
    bad = new_line(plans["dear"], holder_id_number="110105198005170010")  # wrong check digit

    errors = _refused(lambda: items_add(order=order, actor=manager, items=[bad]))

    assert "check digit" in errors["holder_id_number"][0]
    assert not OrderItem.objects.exists()
    assert boss.calls == []


def test_a_document_of_an_unaccepted_type(frozen, manager, customer, account, plans):
    order = order_create(actor=manager, customer=customer)
    bad = new_line(plans["dear"])
    bad.holder_id_type = "library_card"

    errors = _refused(lambda: items_add(order=order, actor=manager, items=[bad]))

    assert errors["holder_id_type"] == ["Choose an accepted type of identity document."]


def test_an_invalid_imei(frozen, manager, customer, boss):
    order = order_create(actor=manager, customer=customer)

    errors = _refused(
        lambda: items_add(order=order, actor=manager, items=[handset(imei="356938035643808")])
    )

    assert errors == {"imei": ["The IMEI is not valid: 15 digits with a correct check digit."]}
    assert not OrderItem.objects.exists() and boss.calls == []


def test_one_bad_item_refuses_them_all(frozen, manager, customer, account, plans):
    order = order_create(actor=manager, customer=customer)

    errors = _refused(
        lambda: items_add(order=order, actor=manager, items=[handset(), handset(imei="12345")])
    )

    assert list(errors) == ["items.1.imei"]
    assert not OrderItem.objects.exists()


def test_a_holder_already_at_five_numbers(
    frozen, manager, supervisor, customer, account, plans, realname, boss
):
    # The simulated platform says this person (sequence code ending in 5) holds five.
    order = approved(
        actor=manager, customer=customer, items=[new_line(plans["dear"], seq=5, holder_name="赵五")]
    )

    errors = _refused(lambda: order_submit(order=order, actor=manager))

    assert "already holds 5 numbers" in errors["holder"][0]
    assert "赵五" in errors["holder"][0]
    order.refresh_from_db()
    assert order.status == "approved" and boss.calls == []


def test_two_new_lines_for_a_holder_at_four(
    frozen, manager, customer, account, plans, realname, boss
):
    order = approved(
        actor=manager,
        customer=customer,
        items=[
            new_line(plans["dear"], seq=4, number="13912340001"),
            new_line(plans["dear"], seq=4, number="13912340002"),
        ],
    )

    errors = _refused(lambda: order_submit(order=order, actor=manager))

    assert "already holds 4 numbers" in errors["holder"][0]
    assert boss.calls == []


def test_a_value_added_service_without_sms_confirmation(
    frozen, manager, customer, line, addon, boss
):
    from kamdesk.orders.services.orders import order_request_approval
    from kamdesk.orders.services.signing import order_sign
    from tests.orders.conftest import signature_data_url

    order = draft(
        actor=manager,
        customer=customer,
        items=[ItemInput(kind="vas", subscriber=line, addon=addon)],
    )
    order_sign(order=order, actor=manager, signed_by="钱主任", data_url=signature_data_url())

    errors = _refused(lambda: order_request_approval(order=order, actor=manager))

    assert "has not confirmed the value-added service by SMS" in errors["items"][0]
    order.refresh_from_db()
    assert order.status == "draft" and boss.calls == []


def test_a_discount_above_the_limit_without_approval(frozen, manager, customer, boss):
    order = approved(actor=manager, customer=customer, items=[handset()], discount="500.00")

    assert order.status == "awaiting_approval"
    errors = _refused(lambda: order_submit(order=order, actor=manager))

    assert errors["status"] == ["Only an approved order is submitted to BOSS."]
    assert boss.calls == []


def test_a_manager_cannot_approve_their_own_big_discount(frozen, manager, customer):
    from kamdesk.orders.services.orders import order_approve

    order = approved(actor=manager, customer=customer, items=[handset()], discount="500.00")

    errors = _refused(lambda: order_approve(order=order, actor=manager, approve=True))

    assert "approver" in errors


def test_a_discount_within_the_limit_needs_no_supervisor(
    frozen, manager, customer, boss, django_capture_on_commit_callbacks
):
    order = approved(actor=manager, customer=customer, items=[handset()], discount="100.00")

    with django_capture_on_commit_callbacks(execute=True):
        order_submit(order=order, actor=manager)

    order.refresh_from_db()
    assert order.status == "submitted"
    assert len(boss.calls) == 1
    assert Decimal(boss.calls[0]["body"]["total"]) == Decimal("3899.00")


def test_an_unsigned_order_is_not_submitted(frozen, manager, customer, boss):
    from kamdesk.orders.services.orders import order_request_approval

    order = draft(actor=manager, customer=customer, items=[handset()])
    order_request_approval(order=order, actor=manager)

    errors = _refused(lambda: order_submit(order=order, actor=manager))

    assert "signature" in errors and boss.calls == []
    assert Order.objects.get().status == "approved"


def test_a_value_added_service_that_does_not_go_with_the_plan(
    frozen, manager, customer, line, addon, plans
):
    addon.plans.set([plans["top"]])  # the line is on the dearer plan, not the top one
    order = order_create(actor=manager, customer=customer)

    errors = _refused(
        lambda: items_add(
            order=order, actor=manager, items=[ItemInput(kind="vas", subscriber=line, addon=addon)]
        )
    )
    addon.plans.add(plans["dear"])
    fits = items_add(
        order=order, actor=manager, items=[ItemInput(kind="vas", subscriber=line, addon=addon)]
    )

    assert errors == {"addon": ["云盘会员 cannot be ordered with the line's plan (全球通128元)."]}
    assert [i.addon for i in fits] == [addon]
