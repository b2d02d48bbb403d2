from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.demo import demo_counts
from kamdesk.users.models import User
from tests.customers.demo.conftest import run_demo
from tests.factories import UserFactory


def test_it_reuses_the_demo_on_a_second_run(demo):
    before = demo_counts()
    output = run_demo()
    assert "nothing was changed" in output
    assert "manager1 " in output
    assert demo_counts() == before
    assert User.objects.filter(username="admin").count() == 1


def test_it_writes_one_summary_audit_event(demo):
    events = AuditEvent.objects.filter(action="demo.loaded")
    assert events.count() == 1
    assert events.get().extra["counts"]["customers"] > 10
    run_demo()
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1
    assert AuditEvent.objects.count() == 1


def test_it_refuses_a_database_whose_demo_logins_were_made_by_hand(db, frozen):
    UserFactory(username="admin")
    with pytest.raises(CommandError):
        run_demo()
