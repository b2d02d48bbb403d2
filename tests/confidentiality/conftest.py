"""A small world for walking the matrix: every role, one manager's customers with
secrets that must never show in full, and a stranger's customer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from kamdesk.core.masking import mask_id
from kamdesk.users.models import Role
from tests.conftest import api_client_for, client_for
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    SubscriberFactory,
    UserFactory,
    make_resident_id,
)

ID_NUMBER = make_resident_id(321)
LINE_NUMBER = "13951239876"
ROLES = [r.value for r in Role]


@dataclass
class World:
    people: dict[str, Any]
    vip: Any
    group: Any
    line: Any
    stranger_customer: Any

    def page(self, role: str) -> Client:
        return client_for(self.people[role], mfa_passed=True)

    def api(self, role: str) -> Client:
        return api_client_for(self.people[role])


@pytest.fixture
def world(manager, supervisor, team, other_manager, backoffice, auditor, sysadmin) -> World:
    security_admin = UserFactory(username="secadmin_a", role=Role.SECURITY_ADMIN)
    vip = CustomerFactory(
        manager=manager,
        kind="individual",
        name="秘密金卡客户",
        uscc="",
        id_type="resident_id",
        id_number=ID_NUMBER,
        id_number_masked=mask_id(ID_NUMBER),
    )
    group = CustomerFactory(manager=manager, name="秘密集团客户")
    line = SubscriberFactory(customer=group, number=LINE_NUMBER, holder_name="秘密集团客户")
    ContactFactory(customer=group, decision_role="decision_maker")
    stranger_customer = CustomerFactory(manager=other_manager, name="别人的客户")
    people = {
        "manager": manager,
        "supervisor": supervisor,
        "backoffice": backoffice,
        "auditor": auditor,
        "security_admin": security_admin,
        "system_admin": sysadmin,
    }
    return World(people, vip, group, line, stranger_customer)


SECRETS = (ID_NUMBER, LINE_NUMBER)


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")
