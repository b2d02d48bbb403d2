"""/api/v1/orders: create with items, list, read, approve, submit."""

import pytest

from tests.conftest import api_client_for
from tests.factories import make_resident_id
from tests.orders.factories import signed


def _create(api, customer, items, discount="0.00"):
    return api.post(
        "/api/v1/orders",
        {
            "customer_id": customer.pk,
            "items": items,
            "discount": discount,
            "discount_reason": "优惠",
        },
        content_type="application/json",
    )


HANDSET = {
    "kind": "handset",
    "handset_model": "华为 Mate 70",
    "imei": "356938035643809",
    "unit_price": "3999.00",
}


def test_it_creates_reads_and_lists(frozen, manager, customer, account):
    api = api_client_for(manager)

    made = _create(api, customer, [HANDSET, {**HANDSET, "unit_price": "1.50", "quantity": 2}])

    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["subtotal"], body["total"]) == ("draft", "4002.00", "4002.00")
    assert api.get(f"/api/v1/orders/{body['id']}").json()["items"][1]["amount"] == "3.00"
    assert api.get("/api/v1/orders").json()["count"] == 1


@pytest.mark.parametrize(
    ("item", "field", "text"),
    [
        ({**HANDSET, "imei": "356938035643808"}, "items.0.imei", "IMEI"),
        (
            {
                "kind": "new_line",
                "number": "13912340001",
                "number_source": "pool",
                "plan_code": "P128",
                "ownership": "personal",
                "holder_name": "王",
                "holder_id_type": "resident_id",
                "holder_id_number": "110105198005170010",
            },
            "items.0.holder_id_number",
            "check digit",
        ),
    ],
)
def test_it_refuses_a_bad_item_and_creates_nothing(
    frozen, manager, customer, account, plans, item, field, text
):
    from kamdesk.orders.models import Order

    answer = _create(api_client_for(manager), customer, [item])

    assert answer.status_code == 422
    assert text in answer.json()["errors"][field][0]
    assert not Order.objects.exists()


def test_approval_and_submission(
    frozen, manager, supervisor, customer, account, boss, django_capture_on_commit_callbacks
):
    from kamdesk.orders.models import Order

    api = api_client_for(manager)
    order_id = _create(api, customer, [HANDSET], discount="500.00").json()["id"]
    signed(Order.objects.get(pk=order_id), manager)

    asked = api.post(
        f"/api/v1/orders/{order_id}/approve",
        {"decision": "request"},
        content_type="application/json",
    )
    early = api.post(f"/api/v1/orders/{order_id}/submit")
    calls_before_approval = len(boss.calls)
    self_approval = api.post(
        f"/api/v1/orders/{order_id}/approve",
        {"decision": "approve"},
        content_type="application/json",
    )
    approved = api_client_for(supervisor).post(
        f"/api/v1/orders/{order_id}/approve",
        {"decision": "approve"},
        content_type="application/json",
    )
    with django_capture_on_commit_callbacks(execute=True):
        submitted = api.post(f"/api/v1/orders/{order_id}/submit")

    assert asked.json()["status"] == "awaiting_approval"
    assert early.status_code == 422 and calls_before_approval == 0
    assert self_approval.status_code == 403
    assert approved.json()["approved_by"] == "supervisor_a"
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitting"  # queued; delivered after commit
    assert Order.objects.get(pk=order_id).status == "submitted"
    assert len(boss.calls) == 1


def test_another_manager_sees_nothing(frozen, manager, other_manager, customer):
    api = api_client_for(manager)
    order_id = _create(api, customer, [HANDSET]).json()["id"]
    other = api_client_for(other_manager)

    assert other.get(f"/api/v1/orders/{order_id}").status_code == 404
    assert other.get("/api/v1/orders").json()["count"] == 0
    assert _create(other, customer, [HANDSET]).status_code == 404


def test_a_company_line_needs_handler_and_user(frozen, manager, customer, account, plans):
    answer = _create(
        api_client_for(manager),
        customer,
        [
            {
                "kind": "new_line",
                "number": "13912340001",
                "number_source": "pool",
                "plan_code": "P128",
                "ownership": "company",
                "holder_name": "王小明",
                "holder_id_type": "resident_id",
                "holder_id_number": make_resident_id(3),
            }
        ],
    )

    assert answer.status_code == 422
    assert {"items.0.handler_name", "items.0.user_name"} <= set(answer.json()["errors"])
