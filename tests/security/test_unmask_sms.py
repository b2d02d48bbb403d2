"""Unmasking by the customer's SMS code: one customer, one kind, for the set time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from kamdesk.audit.models import AuditEvent
from kamdesk.notifications.models import OutboundMessage
from kamdesk.security.models import UnmaskGrant
from kamdesk.security.unmask import grant_for
from tests.conftest import client_for
from tests.security.conftest import HELD_NUMBER, last_code

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai


def _ask(client, customer, recipient):
    return client.post(
        f"/security/unmask/customers/{customer.pk}/identity/",
        {"method": "sms", "recipient": recipient, "reason": "核对实名信息办理过户"},
    )


def _panel(client, customer) -> str:
    return client.get(f"/security/unmask/panel/{customer.pk}/identity/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_it_unmasks_one_customer_for_the_set_time_after_the_customer_s_code(
    manager, vip, other_vip, held_line, settings
):
    settings.UNMASK_GRANT_MINUTES = 15
    client = client_for(manager)
    assert vip.id_number not in _panel(client, vip)

    response = _ask(client, vip, f"subscriber:{held_line.pk}")
    grant = UnmaskGrant.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{grant.pk}/code/")
    sms = OutboundMessage.objects.get()
    assert sms.recipient == HELD_NUMBER and "核对实名信息办理过户" in sms.body

    response = client.post(f"/security/unmask/{grant.pk}/code/", {"code": last_code()})
    assert response.status_code == 302
    panel = _panel(client, vip)
    assert vip.id_number in panel
    assert other_vip.id_number not in _panel(client, other_vip)  # one customer only
    assert grant_for(user=manager, customer=vip, kind="call_record") is None  # one kind only

    viewed = AuditEvent.objects.filter(action="identity.unmasked").get()
    assert viewed.grant_id == grant.pk and viewed.customer_id == vip.pk

    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        assert vip.id_number not in _panel(client, vip)
    assert AuditEvent.objects.filter(action="identity.unmasked").count() == 1


@time_machine.travel(NOW, tick=False)
def test_it_refuses_and_audits_a_wrong_code(manager, vip, held_line):
    client = client_for(manager)
    _ask(client, vip, f"subscriber:{held_line.pk}")
    grant = UnmaskGrant.objects.get()
    wrong = "000000" if last_code() != "000000" else "111111"
    response = client.post(f"/security/unmask/{grant.pk}/code/", {"code": wrong})
    assert response.status_code == 200
    assert "4" in response.content.decode()  # attempts left are shown
    failed = AuditEvent.objects.get(action="unmask.code_failed")
    assert failed.grant_id == grant.pk and failed.actor == manager
    assert grant_for(user=manager, customer=vip, kind="identity") is None
    assert vip.id_number not in _panel(client, vip)


@time_machine.travel(NOW, tick=False)
def test_it_refuses_and_audits_an_expired_code(manager, vip, held_line, settings):
    client = client_for(manager)
    _ask(client, vip, f"subscriber:{held_line.pk}")
    grant = UnmaskGrant.objects.get()
    code = last_code()
    with time_machine.travel(NOW + dt.timedelta(minutes=settings.OTP_VALID_MINUTES + 1)):
        response = client.post(f"/security/unmask/{grant.pk}/code/", {"code": code})
        assert response.status_code == 200
        assert grant_for(user=manager, customer=vip, kind="identity") is None
    assert AuditEvent.objects.filter(action="unmask.code_failed", grant_id=grant.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_it_sends_the_code_only_to_an_authorised_contact_or_a_held_number(
    manager, vip, authorised_contact
):
    client = client_for(manager)
    response = _ask(client, vip, "contact:999999")
    assert response.status_code == 200 and not UnmaskGrant.objects.exists()
    _ask(client, vip, f"contact:{authorised_contact.pk}")
    assert OutboundMessage.objects.get().recipient == authorised_contact.phone
    page = client.get(f"/security/unmask/customers/{vip.pk}/identity/").content.decode()
    assert authorised_contact.phone not in page  # offered masked only


@time_machine.travel(NOW, tick=False)
def test_it_audits_every_step_with_the_grant(manager, vip, held_line):
    client = client_for(manager)
    _ask(client, vip, f"subscriber:{held_line.pk}")
    grant = UnmaskGrant.objects.get()
    client.post(f"/security/unmask/{grant.pk}/code/", {"code": last_code()})
    client.post(f"/security/unmask/{grant.pk}/revoke/")
    actions = list(
        AuditEvent.objects.filter(grant_id=grant.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "unmask.requested",
        "unmask.code_sent",
        "unmask.granted",
        "unmask.revoked",
    ]
    assert grant_for(user=manager, customer=vip, kind="identity") is None
    assert timezone.now() == NOW
