"""Vault mode (金库模式): a second person approves one customer's unmasking, for a time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group

from kamdesk.audit.models import AuditEvent
from kamdesk.notifications.models import Notification
from kamdesk.security.models import UnmaskGrant
from kamdesk.security.unmask import grant_for
from kamdesk.users.models import Role
from tests.conftest import client_for
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)


def _ask(manager, customer, kind="identity"):
    return client_for(manager).post(
        f"/security/unmask/customers/{customer.pk}/{kind}/",
        {"method": "vault", "reason": "客户投诉核查通话记录"},
    )


@time_machine.travel(NOW, tick=False)
def test_it_unmasks_after_the_supervisor_approves_for_the_set_time(
    manager, supervisor, vip, other_vip, settings
):
    settings.UNMASK_GRANT_MINUTES = 10
    assert _ask(manager, vip).status_code == 302
    grant = UnmaskGrant.objects.get()
    assert Notification.objects.filter(user=supervisor, kind="unmask.approval").exists()
    assert grant_for(user=manager, customer=vip, kind="identity") is None

    boss = client_for(supervisor)
    assert "客户投诉核查通话记录" in boss.get("/security/unmask/queue/").content.decode()
    with time_machine.travel(NOW + dt.timedelta(minutes=3), tick=False):
        response = boss.post(
            f"/security/unmask/{grant.pk}/decide/", {"decision": "approve", "note": "已核实投诉单"}
        )
        assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.approved_by == supervisor
    assert grant.expires_at == NOW + dt.timedelta(minutes=13)

    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        panel = client_for(manager).get(f"/security/unmask/panel/{vip.pk}/identity/")
        assert vip.id_number in panel.content.decode()
        other = client_for(manager).get(f"/security/unmask/panel/{other_vip.pk}/identity/")
        assert other_vip.id_number not in other.content.decode()
    with time_machine.travel(NOW + dt.timedelta(minutes=14), tick=False):
        panel = client_for(manager).get(f"/security/unmask/panel/{vip.pk}/identity/")
        assert vip.id_number not in panel.content.decode()
    granted = AuditEvent.objects.get(action="unmask.granted")
    assert granted.actor == supervisor and granted.grant_id == grant.pk
    assert granted.extra["note"] == "已核实投诉单"


@time_machine.travel(NOW, tick=False)
def test_it_lets_only_a_second_person_in_charge_approve(manager, supervisor, vip):
    _ask(manager, vip)
    grant = UnmaskGrant.objects.get()
    stranger = UserFactory(username="sup_other", role=Role.SUPERVISOR)
    TeamFactory(name="无锡一组", supervisor=stranger)
    sysadmin = UserFactory(username="admin_x", role=Role.SYSTEM_ADMIN)
    for person in (manager, stranger, sysadmin):
        response = client_for(person).post(
            f"/security/unmask/{grant.pk}/decide/", {"decision": "approve", "note": "同意同意"}
        )
        assert response.status_code == 404
    assert "客户投诉" not in client_for(stranger).get("/security/unmask/queue/").content.decode()
    assert grant_for(user=manager, customer=vip, kind="identity") is None


@time_machine.travel(NOW, tick=False)
def test_it_accepts_a_designated_approver(manager, vip):
    approver = UserFactory(username="approver_a", role=Role.SUPERVISOR)
    approver.groups.add(Group.objects.create(name="unmask-approvers"))
    _ask(manager, vip)
    grant = UnmaskGrant.objects.get()
    client_for(approver).post(
        f"/security/unmask/{grant.pk}/decide/", {"decision": "approve", "note": "值班审批"}
    )
    assert grant_for(user=manager, customer=vip, kind="identity").pk == grant.pk


@time_machine.travel(NOW, tick=False)
def test_it_keeps_data_masked_after_a_rejection_or_a_lapsed_request(
    manager, supervisor, vip, settings
):
    _ask(manager, vip)
    grant = UnmaskGrant.objects.get()
    client_for(supervisor).post(
        f"/security/unmask/{grant.pk}/decide/", {"decision": "reject", "note": "理由不充分"}
    )
    assert grant_for(user=manager, customer=vip, kind="identity") is None
    assert AuditEvent.objects.filter(action="unmask.rejected", grant_id=grant.pk).exists()

    _ask(manager, vip)
    late = UnmaskGrant.objects.latest("pk")
    later = NOW + dt.timedelta(minutes=settings.UNMASK_REQUEST_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        client_for(supervisor).post(
            f"/security/unmask/{late.pk}/decide/", {"decision": "approve", "note": "同意查看"}
        )
        assert grant_for(user=manager, customer=vip, kind="identity") is None


@time_machine.travel(NOW, tick=False)
def test_it_ends_a_grant_when_revoked_by_the_supervisor(manager, supervisor, vip):
    _ask(manager, vip)
    grant = UnmaskGrant.objects.get()
    boss = client_for(supervisor)
    boss.post(f"/security/unmask/{grant.pk}/decide/", {"decision": "approve", "note": "同意查看"})
    assert grant_for(user=manager, customer=vip, kind="identity") is not None
    boss.post(f"/security/unmask/{grant.pk}/revoke/")
    assert grant_for(user=manager, customer=vip, kind="identity") is None
    assert AuditEvent.objects.get(action="unmask.revoked").actor == supervisor
