"""BOSS's answers through the callback endpoint: a rejection leaves the customer's data as
it was; a confirmation opens the new lines and changes plans in one transaction, or
changes nothing when part of it cannot be applied."""

import pytest

from kamdesk.customers.models import Subscriber
from kamdesk.orders.models import Order
from kamdesk.orders.services.boss import order_submit
from tests.orders.conftest import BOSS_CALLBACK_TOKEN
from tests.orders.factories import approved, new_line, plan_change


@pytest.fixture
def submitted(
    frozen,
    manager,
    customer,
    account,
    plans,
    line,
    realname,
    boss,
    django_capture_on_commit_callbacks,
):
    order = approved(
        actor=manager,
        customer=customer,
        items=[
            new_line(plans["dear"], number="13912340001", seq=1),
            plan_change(line, plans["top"]),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        order_submit(order=order, actor=manager)
    order.refresh_from_db()
    assert order.status == "submitted" and order.boss_ref == f"BOSS-T-{order.number}"
    return order


def _callback(client, order, status, items=(), token=BOSS_CALLBACK_TOKEN, reason=""):
    return client.post(
        "/api/v1/orders/boss/callback",
        {
            "order_number": order.number,
            "boss_ref": order.boss_ref,
            "status": status,
            "reason": reason,
            "items": list(items),
        },
        content_type="application/json",
        headers={"X-KAM-System-Token": token},
    )


def _snapshot(customer):
    return sorted(
        Subscriber.objects.filter(customer=customer).values_list(
            "subscriber_id", "number", "plan__code", "valid_to"
        )
    )


def test_a_rejection_leaves_local_data_unchanged(submitted, client, customer):
    before = _snapshot(customer)

    answer = _callback(client, submitted, "rejected", reason="号码已被占用")

    submitted.refresh_from_db()
    assert answer.status_code == 200
    assert (submitted.status, submitted.boss_reason) == ("rejected", "号码已被占用")
    assert _snapshot(customer) == before
    assert set(submitted.items.values_list("status", flat=True)) == {"rejected"}


def test_a_confirmation_updates_subscribers_and_plans(submitted, client, customer, line):
    new, change = submitted.items.order_by("pk")

    answer = _callback(
        client,
        submitted,
        "confirmed",
        items=[
            {"item_id": new.pk, "status": "confirmed", "subscriber_id": "S2026112500001"},
            {"item_id": change.pk, "status": "confirmed"},
        ],
    )

    assert answer.status_code == 200, answer.content
    opened = Subscriber.objects.get(subscriber_id="S2026112500001")
    assert (opened.number, opened.plan.code, opened.customer, opened.holder_name) == (
        "13912340001",
        "P128",
        customer,
        "王小明",
    )
    line.refresh_from_db()
    assert line.plan.code == "P238"
    assert Order.objects.get(pk=submitted.pk).status == "confirmed"


def test_a_confirmation_that_cannot_be_applied_changes_nothing(submitted, client, customer, line):
    new, change = submitted.items.order_by("pk")
    before = _snapshot(customer)

    # The subscriber id BOSS gives is already used: the whole confirmation is refused.
    answer = _callback(
        client,
        submitted,
        "confirmed",
        items=[
            {"item_id": change.pk, "status": "confirmed"},
            {"item_id": new.pk, "status": "confirmed", "subscriber_id": line.subscriber_id},
        ],
    )

    assert answer.status_code == 422
    assert _snapshot(customer) == before
    assert Order.objects.get(pk=submitted.pk).status == "submitted"


def test_a_repeated_confirmation_is_harmless(submitted, client, customer):
    new, change = submitted.items.order_by("pk")
    items = [
        {"item_id": new.pk, "status": "confirmed", "subscriber_id": "S2026112500001"},
        {"item_id": change.pk, "status": "confirmed"},
    ]
    _callback(client, submitted, "confirmed", items=items)

    again = _callback(client, submitted, "confirmed", items=items)

    assert again.status_code == 200
    assert Subscriber.objects.filter(number="13912340001").count() == 1


def test_a_callback_without_the_token_is_refused(submitted, client):
    assert _callback(client, submitted, "rejected", token="wrong").status_code == 401
    assert Order.objects.get(pk=submitted.pk).status == "submitted"
