"""/api/v1/commitments from a visit's raised need, and kept with the request or order that
delivered it named as evidence."""

import datetime as dt

from kamdesk.commitments.models import Commitment
from kamdesk.orders.services.orders import order_create
from tests.commitments.conftest import TODAY, promise
from tests.commitments.factories import visit_with_need
from tests.conftest import api_client_for
from tests.factories import CustomerFactory
from tests.tickets.conftest import open_request

JSON = "application/json"


def test_it_turns_a_visit_need_into_a_commitment(frozen, manager, customer):
    _visit, need = visit_with_need(customer=customer, manager=manager)
    api = api_client_for(manager)
    body = {
        "customer_id": customer.pk,
        "title": "两周内提交5G室分覆盖方案",
        "due_on": "2026-12-09",
        "need_id": need.pk,
    }

    made = api.post("/api/v1/commitments", body, content_type=JSON)
    again = api.post("/api/v1/commitments", body, content_type=JSON)

    assert made.status_code == 201, made.content
    assert (made.json()["source_kind"], made.json()["source_need_id"]) == ("visit_need", need.pk)
    need.refresh_from_db()
    assert need.disposition == "commitment"
    assert again.status_code == 422 and list(again.json()["errors"]) == ["need"]
    assert Commitment.objects.count() == 1


def test_a_need_of_another_customer_is_refused(frozen, manager, customer):
    elsewhere = CustomerFactory(manager=manager)
    _visit, need = visit_with_need(customer=elsewhere, manager=manager)

    answer = api_client_for(manager).post(
        "/api/v1/commitments",
        {"customer_id": customer.pk, "title": "x", "due_on": "2026-12-01", "need_id": need.pk},
        content_type=JSON,
    )

    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["need_id"]
    need.refresh_from_db()
    assert need.disposition == "pending" and not Commitment.objects.exists()


def test_another_managers_need_is_not_found(frozen, manager, other_manager, customer):
    _visit, need = visit_with_need(customer=customer, manager=manager)
    mine = CustomerFactory(manager=other_manager)

    answer = api_client_for(other_manager).post(
        "/api/v1/commitments",
        {"customer_id": mine.pk, "title": "x", "due_on": "2026-12-01", "need_id": need.pk},
        content_type=JSON,
    )

    assert answer.status_code == 404
    assert not Commitment.objects.exists()


def test_it_names_the_request_and_order_that_kept_the_promise(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=2))
    ticket = open_request(actor=manager, customer=customer)
    order = order_create(actor=manager, customer=customer)
    api = api_client_for(manager)

    kept = api.post(
        f"/api/v1/commitments/{c.pk}/fulfil",
        {"evidence_request_id": ticket.pk, "evidence_order_number": order.number},
        content_type=JSON,
    )

    assert kept.status_code == 200, kept.content
    body = kept.json()
    assert (body["status"], body["evidence_request_id"], body["evidence_order_number"]) == (
        "fulfilled",
        ticket.pk,
        order.number,
    )


def test_evidence_of_another_customer_or_none_at_all_is_refused(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY)
    other_order = order_create(actor=manager, customer=CustomerFactory(manager=manager))
    api = api_client_for(manager)
    url = f"/api/v1/commitments/{c.pk}/fulfil"

    wrong = api.post(url, {"evidence_order_number": other_order.number}, content_type=JSON)
    empty = api.post(url, {}, content_type=JSON)

    assert wrong.status_code == 422
    assert list(wrong.json()["errors"]) == ["evidence_order_number"]
    assert empty.status_code == 422 and list(empty.json()["errors"]) == ["evidence_note"]
    c.refresh_from_db()
    assert c.status == "open"
