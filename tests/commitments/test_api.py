"""/api/v1/commitments: create, list, read, renegotiate, keep, and the rate."""

import datetime as dt

from tests.commitments.conftest import TODAY, promise
from tests.conftest import api_client_for


def test_it_creates_lists_and_reads(frozen, manager, customer, contact):
    api = api_client_for(manager)

    made = api.post(
        "/api/v1/commitments",
        {
            "customer_id": customer.pk,
            "title": "下周一前提交云专线报价",
            "due_on": "2026-11-30",
            "source_kind": "proposal",
            "source_ref": "方案 2026-118",
            "contact_id": contact.pk,
        },
        content_type="application/json",
    )
    listed = api.get("/api/v1/commitments?pending=true")
    read = api.get(f"/api/v1/commitments/{made.json()['id']}")

    assert made.status_code == 201, made.content
    assert listed.json()["count"] == 1
    assert read.json()["events"][0]["kind"] == "created"
    assert read.json()["contact_id"] == contact.pk


def test_it_refuses_a_past_due_date_field_by_field(frozen, manager, customer):
    answer = api_client_for(manager).post(
        "/api/v1/commitments",
        {"customer_id": customer.pk, "title": "x", "due_on": "2026-11-01"},
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["due_on"]


def test_renegotiation_needs_the_agreement_and_keeps_history(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=1))
    api = api_client_for(manager)

    refused = api.post(
        f"/api/v1/commitments/{c.pk}/renegotiate",
        {"new_due_on": "2026-12-03", "agreed_by": "", "agreement": ""},
        content_type="application/json",
    )
    done = api.post(
        f"/api/v1/commitments/{c.pk}/renegotiate",
        {"new_due_on": "2026-12-03", "agreed_by": "钱主任", "agreement": "电话同意"},
        content_type="application/json",
    )

    assert refused.status_code == 422
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["due_on"], body["original_due_on"]) == (
        "renegotiated",
        "2026-12-03",
        "2026-11-26",
    )


def test_another_manager_sees_nothing(frozen, manager, other_manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY)
    api = api_client_for(other_manager)

    assert api.get(f"/api/v1/commitments/{c.pk}").status_code == 404
    assert api.get("/api/v1/commitments").json()["count"] == 0


def test_the_rate(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY)
    api = api_client_for(manager)
    api.post(
        f"/api/v1/commitments/{c.pk}/fulfil",
        {"evidence_note": "已交付"},
        content_type="application/json",
    )

    rate = api.get("/api/v1/commitments/rate?start=2026-11-01&end=2026-11-30").json()

    assert (rate["due"], rate["kept"], rate["percent"]) == (1, 1, "100.0")
