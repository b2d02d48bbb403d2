"""/api/v1/statements: preferences, send now, the delivery log, jobs; scoped; masked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db


def _preference(group) -> dict:
    return {
        "customer_id": group.customer.pk,
        "account_id": group.group_account.pk,
        "subscriber_id": group.members[0].pk,
        "document": "statement",
        "format": "pdf",
        "channel": "sms_link",
        "recipient_kind": "contact",
        "contact_id": group.contact.pk,
        "phone": "13912345678",
        "day_of_month": 3,
    }


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC))
def test_it_creates_a_preference_sends_it_and_logs_the_delivery(group, manager, authorisation):
    api = api_client_for(manager)
    created = api.post(
        "/api/v1/statements/preferences", _preference(group), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["phone"] == "139****5678"
    sent = api.post(
        f"/api/v1/statements/preferences/{created.json()['id']}/send",
        {"month": "2026-10"},
        content_type="application/json",
    )
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    log = api.get("/api/v1/statements/deliveries", {"customer_id": group.customer.pk}).json()
    assert log["count"] == 1 and log["items"][0]["recipient"] == "139****5678"
    docs = api.get("/api/v1/statements", {"customer_id": group.customer.pk}).json()
    assert docs["items"][0]["subscriber_number"] == "138****0001"


def test_it_answers_422_per_field(group, manager):
    # The holder has no address on file (a contact's would be used): e-mail needs one.
    body = {
        **_preference(group),
        "channel": "email",
        "email": "",
        "recipient_kind": "holder",
        "contact_id": None,
        "phone": "",
    }
    answer = api_client_for(manager).post(
        "/api/v1/statements/preferences", body, content_type="application/json"
    )
    assert answer.status_code == 422 and "email" in answer.json()["errors"]


def test_it_answers_404_outside_the_scope(group, other_manager):
    api = api_client_for(other_manager)
    assert api.get("/api/v1/statements", {"customer_id": group.customer.pk}).status_code == 404
    answer = api.post(
        "/api/v1/statements/preferences", _preference(group), content_type="application/json"
    )
    assert answer.status_code == 404


def test_a_job_is_started_and_followed(group, manager, authorisation):
    api = api_client_for(manager)
    body = {
        "customer_id": group.customer.pk,
        "account_id": group.group_account.pk,
        "contact_id": group.contact.pk,
        "month": "2026-10",
        "layout": "per_subscriber",
        "file_format": "csv",
    }
    started = api.post("/api/v1/statements/jobs", body, content_type="application/json")
    assert started.status_code == 202 and started.json()["total"] == 3
    followed = api.get(f"/api/v1/statements/jobs/{started.json()['id']}")
    assert followed.status_code == 200


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC))
def test_authorisations_are_recorded_with_their_scan_listed_and_revoked(group, manager):
    from tests.statements.conftest import signed_upload

    api = api_client_for(manager)
    form = {
        "customer_id": group.customer.pk,
        "account_id": group.group_account.pk,
        "contact_id": group.contact.pk,
        "valid_from": "2026-01-01",
        "valid_to": "2027-12-31",
    }
    wrong = api.post(
        "/api/v1/statements/authorisations",
        {**form, "valid_to": "2025-12-31", "file": signed_upload()},
    )
    assert wrong.status_code == 422 and "valid_to" in wrong.json()["errors"]
    created = api.post("/api/v1/statements/authorisations", {**form, "file": signed_upload()})
    assert created.status_code == 201, created.content
    assert created.json()["valid_today"] and created.json()["file_id"]
    listed = api.get("/api/v1/statements/authorisations", {"customer_id": group.customer.pk})
    assert listed.json()["count"] == 1
    revoked = api.post(f"/api/v1/statements/authorisations/{created.json()['id']}/revoke")
    assert revoked.status_code == 200 and not revoked.json()["valid_today"]


def test_a_preference_is_stopped_and_outsiders_get_404(group, manager, other_manager):
    from tests.statements.factories import preference

    row = preference(group, channel="sms_link")
    assert (
        api_client_for(other_manager)
        .post(f"/api/v1/statements/preferences/{row.pk}/stop")
        .status_code
        == 404
    )
    stopped = api_client_for(manager).post(f"/api/v1/statements/preferences/{row.pk}/stop")
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    row.refresh_from_db()
    assert not row.active


def test_a_preview_through_the_api_is_masked_audited_and_scoped(group, manager, other_manager):
    from kamdesk.audit.models import AuditEvent
    from tests.statements.helpers import pdf_text

    query = {
        "customer_id": group.customer.pk,
        "document": "statement",
        "account_id": group.group_account.pk,
        "subscriber_id": group.members[0].pk,
        "month": "2026-10",
    }
    answer = api_client_for(manager).get("/api/v1/statements/preview", query)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "138****0001" in text and "13800000001" not in text
    assert manager.staff_id in text  # the viewer's watermark
    event = AuditEvent.objects.filter(action="call_record.viewed").latest("seq")
    assert event.actor == manager and event.extra["masked"] is True

    sheet = api_client_for(manager).get("/api/v1/statements/preview", {**query, "format": "xlsx"})
    assert sheet.status_code == 200, sheet.content
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = api_client_for(manager).get("/api/v1/statements/preview", {**query, "account_id": 999999})
    assert bad.status_code == 422 and "account_id" in bad.json()["errors"]
    outside = api_client_for(other_manager).get("/api/v1/statements/preview", query)
    assert outside.status_code == 404
