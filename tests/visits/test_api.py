"""/api/v1/visits: plan, read, check in, record, sign, confirm by code and complete."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from kamdesk.notifications.models import OutboundMessage
from tests.conftest import api_client_for
from tests.visits.factories import VisitFactory, png_data_url


def test_a_visit_from_plan_to_completion_through_the_api(frozen, manager, customer, contact):
    api = api_client_for(manager)
    created = api.post(
        "/api/v1/visits",
        {
            "customer_id": customer.pk,
            "planned_date": "2026-11-25",
            "planned_time": "10:00",
            "purpose": "故障回访",
            "resolves_problem": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    vid = created.json()["id"]
    checked = api.post(
        f"/api/v1/visits/{vid}/check-in",
        {"consent": True, "latitude": 32.067, "longitude": 118.783},
        content_type="application/json",
    )
    assert checked.status_code == 200 and 100 < checked.json()["checkin_distance_m"] < 120
    record = api.patch(
        f"/api/v1/visits/{vid}",
        {"discussion": "信号放大器已更换。", "duration_minutes": 45},
        content_type="application/json",
    )
    assert record.status_code == 200 and record.json()["discussion"] == "信号放大器已更换。"
    need = api.post(
        f"/api/v1/visits/{vid}/needs",
        {"description": "希望提供机房巡检"},
        content_type="application/json",
    ).json()
    refused = api.post(f"/api/v1/visits/{vid}/complete")
    assert refused.status_code == 422 and {"needs", "signature"} <= set(refused.json()["errors"])
    disposed = api.post(
        f"/api/v1/visits/{vid}/needs/{need['id']}/disposition",
        {"disposition": "no_action", "reason": "合同外服务"},
        content_type="application/json",
    )
    assert disposed.status_code == 200 and disposed.json()["disposition"] == "no_action"
    signed = api.post(
        f"/api/v1/visits/{vid}/signature",
        {"signer_name": "王敏", "signer_title": "主任", "image": png_data_url()},
        content_type="application/json",
    )
    assert signed.status_code == 201 and signed.json()["matches"] is True
    sent = api.post(
        f"/api/v1/visits/{vid}/sms-code",
        {"contact_id": contact.pk},
        content_type="application/json",
    )
    assert sent.status_code == 202
    code = re.search(
        r"(?<!\d)(\d{6})(?!\d)", OutboundMessage.objects.get(recipient=contact.phone).body
    ).group(1)
    confirmed = api.post(
        f"/api/v1/visits/{vid}/sms-code/confirm", {"code": code}, content_type="application/json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_at"]
    upload = api.post(
        f"/api/v1/visits/{vid}/attachments",
        {"file": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%x\n")},
    )
    assert upload.status_code == 201 and upload.json()["name"] == "纪要.pdf"
    done = api.post(f"/api/v1/visits/{vid}/complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    detail = api.get(f"/api/v1/visits/{vid}").json()
    assert detail["signature"]["matches"] is True and len(detail["attachments"]) == 1
    listed = api.get("/api/v1/visits?status=completed").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == vid


def test_the_api_says_when_the_signature_no_longer_matches(frozen, manager, customer):
    api = api_client_for(manager)
    visit = VisitFactory(customer=customer, discussion="原始记录")
    api.post(
        f"/api/v1/visits/{visit.pk}/signature",
        {"signer_name": "王敏", "image": png_data_url()},
        content_type="application/json",
    )
    api.patch(
        f"/api/v1/visits/{visit.pk}", {"discussion": "改过的记录"}, content_type="application/json"
    )
    assert api.get(f"/api/v1/visits/{visit.pk}").json()["signature"]["matches"] is False


def test_others_visits_answer_404_and_bad_input_names_the_field(
    frozen, manager, other_manager, customer
):
    visit = VisitFactory(customer=customer)
    assert api_client_for(other_manager).get(f"/api/v1/visits/{visit.pk}").status_code == 404
    api = api_client_for(manager)
    bad = api.post(
        f"/api/v1/visits/{visit.pk}/signature",
        {"signer_name": "王敏", "image": "data:image/png;base64,xx"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["signature"]
    dropped = api.post(f"/api/v1/visits/{visit.pk}/cancel", {}, content_type="application/json")
    assert dropped.status_code == 200 and dropped.json()["status"] == "cancelled"
