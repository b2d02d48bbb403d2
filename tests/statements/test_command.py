"""``kam statements run`` runs the schedule once; ``kam statements verify`` checks one."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from kamdesk.statements.models import Delivery, Statement
from tests.statements.factories import preference

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 6, 2, 0, tzinfo=dt.UTC))
def test_it_runs_the_schedule_once_and_verifies(group, authorisation):
    preference(group, channel="sms_link")
    out = StringIO()
    with translation.override("en"):
        call_command("statements", "run", "--date", "2026-11-06", stdout=out)
        call_command("statements", "run", "--date", "2026-11-06", stdout=out)
    assert "Deliveries prepared: 1; sent: 1." in out.getvalue()
    assert "Deliveries prepared: 0; sent: 0." in out.getvalue()
    assert Delivery.objects.count() == 1
    row = Statement.objects.get()
    out = StringIO()
    with translation.override("en"):
        call_command("statements", "verify", row.number, row.verification_code, stdout=out)
    assert row.number in out.getvalue()


@time_machine.travel(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC))
def test_nothing_is_due_before_the_chosen_day(group, authorisation):
    preference(group, channel="sms_link", day_of_month=5)
    call_command("statements", "run", stdout=StringIO())
    assert not Delivery.objects.exists()
