"""The default matrix separates duties (MLPS level 3): system, security and audit
administration never overlap, and nobody unmasks without being eligible."""

import pytest
from django.core.management import call_command

from kamdesk.users.models import Action, DataKind, Role
from kamdesk.users.permissions import can
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BUSINESS = [
    "profile",
    "account",
    "subscriber",
    "product",
    "contact",
    "interaction",
    "identity",
    "usage",
    "call_record",
    "bill",
    "visit",
    "request",
    "order",
]
COMMUNICATION = ["usage", "call_record", "bill"]


def person(role):
    return UserFactory(username=f"p_{role}", role=role)


def test_it_keeps_the_system_administrator_from_the_trail_and_from_unmasking(db):
    admin = person(Role.SYSTEM_ADMIN)
    assert not any(can(admin, a, "audit") for a in Action.values)
    assert not any(can(admin, "view_unmasked", k) for k in DataKind.values)
    assert not any(can(admin, a, k) for a in Action.values for k in COMMUNICATION)
    assert not can(admin, "change", "security")
    assert can(admin, "change", "config")


def test_it_lets_the_auditor_change_nothing_but_its_review_conclusions(db):
    auditor = person(Role.AUDITOR)
    changes = [k for k in DataKind.values if can(auditor, "change", k)]
    assert changes == ["insider_signal"]
    assert not any(can(auditor, a, k) for a in Action.values for k in BUSINESS)
    assert can(auditor, "list", "audit") and can(auditor, "export", "audit")


def test_it_keeps_the_security_administrator_to_roles_and_keys(db):
    security = person(Role.SECURITY_ADMIN)
    assert not any(can(security, a, k) for a in Action.values for k in BUSINESS)
    assert not any(can(security, a, "audit") for a in Action.values)
    assert can(security, "change", "security") and can(security, "change", "staff")
    assert not can(security, "change", "config")


def test_it_lets_only_the_account_manager_ask_to_unmask(db):
    eligible = {
        (r, k) for r in Role.values for k in DataKind.values if can(person(r), "view_unmasked", k)
    }
    assert eligible == {("manager", "identity"), ("manager", "call_record")}


def test_it_prints_the_matrix_as_markdown(db, capsys):
    call_command("permissions", "show", "--markdown")
    table = capsys.readouterr().out
    assert "| Itemised call records (`call_record`) |" in table
    assert len(table.strip().splitlines()) == len(DataKind) + 2  # header, rule, kinds
