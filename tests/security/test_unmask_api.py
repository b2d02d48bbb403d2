"""The API: identity answered masked unless under a grant; the whole flow by API."""

from __future__ import annotations

import pytest

from kamdesk.audit.models import AuditEvent
from tests.conftest import api_client_for
from tests.security.conftest import last_code

pytestmark = pytest.mark.django_db


def test_it_answers_the_identity_masked_without_a_grant(manager, vip):
    body = api_client_for(manager).get(f"/api/v1/customers/{vip.pk}/identity").json()
    assert body["id_number"] == vip.id_number_masked and body["unmasked"] is False
    assert not AuditEvent.objects.filter(action="identity.unmasked").exists()


def test_it_unmasks_by_api_after_the_customer_s_code(manager, vip, held_line):
    client = api_client_for(manager)
    recipients = client.get(f"/api/v1/customers/{vip.pk}/unmask-recipients").json()
    assert held_line.number not in str(recipients)
    created = client.post(
        "/api/v1/unmask/grants",
        {
            "customer_id": vip.pk,
            "kind": "identity",
            "method": "sms",
            "reason": "核对实名信息",
            "recipient": recipients[0]["key"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["state"] == "pending"
    grant_id = created.json()["id"]
    wrong = client.post(
        f"/api/v1/unmask/grants/{grant_id}/code",
        {"code": "999999" if last_code() != "999999" else "000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "code" in wrong.json()["errors"]
    ok = client.post(
        f"/api/v1/unmask/grants/{grant_id}/code",
        {"code": last_code()},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == "active"
    body = client.get(f"/api/v1/customers/{vip.pk}/identity").json()
    assert body["id_number"] == vip.id_number and body["grant_id"] == grant_id
    event = AuditEvent.objects.get(action="identity.unmasked")
    assert event.grant_id == grant_id and event.extra["how"] == "api"


def test_it_refuses_an_ineligible_role_and_hides_other_portfolios(
    supervisor, team, other_manager, vip
):
    payload = {"customer_id": vip.pk, "kind": "identity", "method": "vault", "reason": "查看一下"}
    sup = api_client_for(supervisor).post(
        "/api/v1/unmask/grants", payload, content_type="application/json"
    )
    assert sup.status_code == 403
    other = api_client_for(other_manager).post(
        "/api/v1/unmask/grants", payload, content_type="application/json"
    )
    assert other.status_code == 404
    assert (
        api_client_for(other_manager).get(f"/api/v1/customers/{vip.pk}/identity").status_code == 404
    )
