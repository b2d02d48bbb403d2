"""/api/v1/requests: create, list with filters, detail, add step, change status, confirm;
401 without a token, 404 outside the scope, 422 with one message per field."""

import pytest
from django.test import Client

from tests.conftest import api_client_for
from tests.factories import CustomerFactory, SubscriberFactory, grade
from tests.tickets.conftest import open_request


@pytest.fixture
def api(manager):
    return api_client_for(manager)


def _post(api, url, data):
    return api.post(url, data, content_type="application/json")


def test_it_opens_and_works_a_request(frozen, api, customer, contact, billing):
    SubscriberFactory(customer=customer, number="13951234567")
    created = _post(
        api,
        "/api/v1/requests",
        {
            "customer_id": customer.pk,
            "category": "bill_dispute",
            "channel": "email",
            "title": "三月账单有误",
            "contact_id": contact.pk,
            "subscriber_numbers": ["13951234567"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"].startswith("R") and body["priority"] == "p2"
    assert body["subscribers"] == ["139****4567"]
    rid = body["id"]

    step = _post(
        api,
        f"/api/v1/requests/{rid}/steps",
        {"department": "billing", "instructions": "核对三月账单"},
    )
    assert step.status_code == 201 and step.json()["status"] == "open"
    waiting = _post(api, f"/api/v1/requests/{rid}/status", {"status": "waiting"})
    assert waiting.json()["due_at"] is None and waiting.json()["paused_since"]

    detail = api.get(f"/api/v1/requests/{rid}").json()
    assert [s["department"] for s in detail["steps"]] == ["billing"]
    assert [e["kind"] for e in detail["events"]][:2] == ["created", "step_added"]
    assert detail["survey"] is None


def test_it_lists_with_filters_in_an_envelope(frozen, api, manager, customer):
    open_request(actor=manager, customer=customer, category="fault", title="信号差")
    open_request(actor=manager, customer=customer, category="vip_benefit", title="机场贵宾厅")
    everything = api.get("/api/v1/requests").json()
    assert everything["count"] == 2 and len(everything["items"]) == 2
    faults = api.get("/api/v1/requests?category=fault").json()
    assert [i["title"] for i in faults["items"]] == ["信号差"]
    assert api.get("/api/v1/requests?priority=p1").json()["count"] == 0


def test_it_confirms_and_closes(frozen, api, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    early = _post(api, f"/api/v1/requests/{ticket.pk}/confirm", {"note": "钱主任确认"})
    assert early.status_code == 422 and "status" in early.json()["errors"]
    _post(
        api, f"/api/v1/requests/{ticket.pk}/status", {"status": "resolved", "resolution": "已退费"}
    )
    closed = _post(api, f"/api/v1/requests/{ticket.pk}/confirm", {"note": "钱主任确认"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_it_answers_401_404_and_422(frozen, api, manager, other_manager, customer):
    assert Client().get("/api/v1/requests").status_code == 401
    theirs = open_request(
        actor=other_manager, customer=CustomerFactory(manager=other_manager, grade=grade("B"))
    )
    assert api.get(f"/api/v1/requests/{theirs.pk}").status_code == 404
    assert (
        _post(
            api,
            "/api/v1/requests",
            {"customer_id": theirs.customer_id, "category": "fault", "title": "x"},
        ).status_code
        == 404
    )
    bad = _post(
        api, "/api/v1/requests", {"customer_id": customer.pk, "category": "nope", "title": "x"}
    )
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["category"]
    missing = _post(api, "/api/v1/requests", {"customer_id": customer.pk})
    assert missing.status_code == 422 and {"category", "title"} <= set(missing.json()["errors"])
    ticket = open_request(actor=manager, customer=customer)
    wrong = _post(api, f"/api/v1/requests/{ticket.pk}/status", {"status": "closed"})
    assert wrong.status_code == 422
    assert (
        _post(
            api, f"/api/v1/requests/{ticket.pk}/steps", {"department": "nope", "instructions": "x"}
        ).status_code
        == 422
    )


def test_the_document_declares_401_404_422_on_every_operation(api):
    document = api.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        if not path.startswith("/api/v1/requests"):
            continue
        for method, operation in operations.items():
            assert {"401", "404", "422"} <= set(operation["responses"]), (method, path)
