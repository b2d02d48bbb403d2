"""Shared fixtures: personas for every role, and an API client with a bearer token."""

from __future__ import annotations

import pytest
from django.test import Client

from kamdesk.users.models import Role
from kamdesk.users.permissions import clear_cache
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.serial_server import serial_live_server  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _fresh_permission_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor_a", role=Role.SUPERVISOR)


@pytest.fixture
def team(supervisor):
    return TeamFactory(name="南京一组", supervisor=supervisor)


@pytest.fixture
def manager(team):
    return UserFactory(username="manager_a", role=Role.MANAGER, team=team)


@pytest.fixture
def other_manager(db):
    other_team = TeamFactory(name="苏州一组")
    return UserFactory(username="manager_b", role=Role.MANAGER, team=other_team)


@pytest.fixture
def backoffice(db):
    return UserFactory(
        username="agent_a",
        role=Role.BACKOFFICE,
        department=DepartmentFactory(code="billing", name="计费部"),
    )


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor_a", role=Role.AUDITOR)


@pytest.fixture
def sysadmin(db):
    return UserFactory(username="admin_a", role=Role.SYSTEM_ADMIN)


def client_for(user, *, mfa_passed: bool = True) -> Client:
    """A signed-in client; by default past the second factor that some roles need."""
    client = Client()
    client.force_login(user)
    if mfa_passed:
        from kamdesk.security.signin import MFA_SESSION_KEY

        session = client.session
        session[MFA_SESSION_KEY] = user.pk
        session.save()
    return client


def api_client_for(user) -> Client:
    """A client whose requests carry a bearer token of ``user``."""
    from kamdesk.users.services import token_create

    if user.role in ("auditor", "security_admin", "system_admin"):
        # These roles need a second factor to get a token; tests skip it here.
        from tests.factories import api_token_for

        raw = api_token_for(user)
    else:
        raw, _ = token_create(username=user.username, password="kamdesk-test-pass")
    return Client(headers={"Authorization": f"Bearer {raw}"})
