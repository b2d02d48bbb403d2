"""Only roles with ``view_unmasked`` may ask; configuration decides the methods."""

from __future__ import annotations

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.security.models import UnmaskGrant
from kamdesk.security.unmask_policy import parse_methods
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_refuses_and_audits_a_role_not_eligible_to_unmask(supervisor, team, vip):
    # The supervisor sees the team's VIP (view identity) but has no U cell.
    response = client_for(supervisor).get(f"/security/unmask/customers/{vip.pk}/identity/")
    assert response.status_code == 403
    refusal = AuditEvent.objects.get(action="access.refused")
    assert refusal.extra["data_kind"] == "identity" and refusal.customer_id == vip.pk


def test_it_answers_404_for_a_customer_outside_the_portfolio(other_manager, vip):
    response = client_for(other_manager).get(f"/security/unmask/customers/{vip.pk}/identity/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.refused", customer_id=vip.pk).exists()


def test_it_offers_only_the_configured_methods(manager, vip, settings):
    settings.UNMASK_METHODS = "identity:vault,call_record:sms"
    client = client_for(manager)
    response = client.post(
        f"/security/unmask/customers/{vip.pk}/identity/",
        {"method": "sms", "reason": "核对身份信息"},
    )
    assert response.status_code == 200 and not UnmaskGrant.objects.exists()


def test_it_reads_the_methods_setting():
    assert parse_methods("identity:sms+vault,call_record:vault") == {
        "identity": ("sms", "vault"),
        "call_record": ("vault",),
    }
    with pytest.raises(ValueError, match="bill"):
        parse_methods("bill:sms")
