"""Visits not done when due become overdue: the manager is told at once, the supervisor
after the grace period; the sweep is safe to run twice."""

from __future__ import annotations

import datetime as dt

import time_machine

from kamdesk.notifications.models import Notification
from kamdesk.visits.models import Visit, VisitStatus
from kamdesk.visits.services import required_visit_create
from kamdesk.visits.services.sweep import overdue_sweep
from kamdesk.visits.tasks import overdue_sweep_task
from tests.visits.factories import VisitFactory


def test_it_alerts_the_manager_then_the_supervisor(frozen, manager, supervisor, customer):
    late = VisitFactory(customer=customer, planned_date=dt.date(2026, 11, 24))
    today = VisitFactory(customer=customer, planned_date=dt.date(2026, 11, 25))
    counts = overdue_sweep().counts
    assert counts["overdue"] == 1 and counts["supervisor"] == 0
    assert Visit.objects.get(pk=late.pk).status == VisitStatus.OVERDUE
    assert Visit.objects.get(pk=today.pk).status == VisitStatus.PLANNED
    assert Notification.objects.filter(user=manager, kind="visit.overdue").count() == 1
    assert overdue_sweep().counts == {"overdue": 0, "supervisor": 0, "missed": 0}
    with time_machine.travel(dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC), tick=False):
        assert overdue_sweep().counts["supervisor"] == 1
        assert overdue_sweep().counts["supervisor"] == 0
    assert Notification.objects.filter(user=supervisor, kind="visit.overdue_escalated").count() == 1


def test_a_required_visit_is_late_only_after_its_due_date(frozen, customer):
    visit = required_visit_create(
        customer=customer, reason="retention", due_by=dt.date(2026, 11, 26), source_ref="r"
    )
    Visit.objects.filter(pk=visit.pk).update(planned_date=dt.date(2026, 11, 24))
    overdue_sweep()
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED
    with time_machine.travel(dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC), tick=False):
        overdue_sweep()
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.OVERDUE


def test_long_overdue_visits_count_as_missed(frozen, customer):
    visit = VisitFactory(customer=customer, planned_date=dt.date(2026, 10, 1))
    overdue_sweep()
    with time_machine.travel(dt.datetime(2026, 12, 30, 2, 0, tzinfo=dt.UTC), tick=False):
        overdue_sweep()
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.MISSED


def test_the_sweep_is_a_scheduled_task(frozen, customer):
    from crontask import scheduler

    names = {job.name for job in scheduler.get_jobs()}
    assert overdue_sweep_task.name in names
    VisitFactory(customer=customer, planned_date=dt.date(2026, 11, 20))
    assert overdue_sweep_task.enqueue().return_value["overdue"] == 1


def test_the_command_sweeps_once(frozen, customer):
    from io import StringIO

    from django.core.management import call_command

    VisitFactory(customer=customer, planned_date=dt.date(2026, 11, 23))
    out = StringIO()
    call_command("visits", "sweep", stdout=out)
    assert "overdue=1" in out.getvalue()
