"""The Django admin is held to the matrix and the trail like every other door: each
registered model's admin writes its changes to the audit trail, and a superuser system
administrator sees configuration there but no business data."""

import pytest
from django.contrib import admin

from kamdesk.audit.models import AuditEvent
from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.users.models import Role
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_sysadmin(db):
    return UserFactory(
        username="sysadmin_su", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True
    )


def test_it_audits_every_model_registered_in_the_admin():
    """Every model of KAM Desk's apps, and Django's groups (the unmask approvers); the
    task queue's own read-only results page is the library's."""
    unaudited = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if (model._meta.app_config.name.startswith("kamdesk.") or model._meta.label == "auth.Group")
        and not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == []
    assert len(admin.site._registry) > 30  # the walk saw the registrations


def test_it_audits_a_configuration_change_made_in_the_admin(superuser_sysadmin):
    client = client_for(superuser_sysadmin)
    form = {"code": "visits_per_month", "target": "12.00", "weight": "1.00"}
    assert client.post("/admin/scorecards/kpitarget/add/", form).status_code == 302
    event = AuditEvent.objects.get(action="config.kpitarget.created")
    assert event.actor == superuser_sysadmin
    assert set(event.extra["changed"]) >= {"code", "target"}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/visits/visit/",
        "/admin/risk/riskalert/",
        "/admin/risk/programme/",
        "/admin/scorecards/revenuesnapshot/",
        "/admin/tickets/survey/",
    ],
)
def test_it_keeps_business_data_from_a_superuser_system_administrator(superuser_sysadmin, url):
    assert client_for(superuser_sysadmin).get(url).status_code == 403


def test_it_lets_the_system_administrator_configure(superuser_sysadmin):
    client = client_for(superuser_sysadmin)
    index = client.get("/admin/").content.decode()
    assert "/admin/scorecards/kpitarget/" in index
    assert "/admin/visits/visit/" not in index
    assert client.get("/admin/visits/visitpolicy/").status_code == 200


def test_it_leaves_groups_to_the_security_administrator(superuser_sysadmin):
    security = UserFactory(username="secadmin_g", role=Role.SECURITY_ADMIN, is_staff=True)
    assert client_for(security).get("/admin/auth/group/").status_code == 200
    assert client_for(superuser_sysadmin).get("/admin/auth/group/").status_code == 403
