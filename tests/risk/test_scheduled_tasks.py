"""The nightly run and the event pass are django.tasks tasks that django-crontask
schedules; a run enqueued twice creates nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.risk.models import RiskAlert
from kamdesk.risk.tasks import risk_events_task, risk_nightly_task, risk_retrain_task
from tests.risk.conftest import NOW
from tests.risk.factories import event_add, group_with_line, history_add

pytestmark = pytest.mark.django_db


def test_they_are_scheduled(db):
    from crontask import scheduler

    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='1', minute='30'" in jobs[risk_nightly_task.name]
    assert "minute='*/10'" in jobs[risk_events_task.name]
    assert "day='1', day_of_week='*', hour='3', minute='0'" in jobs[risk_retrain_task.name]


def test_the_event_pass_opens_an_alert_once(frozen, manager):
    customer, sub = group_with_line(manager=manager)
    history_add(customer, [1000] * 6, last=dt.date(2026, 10, 1))
    event_add(sub, "port_out_code_requested", NOW - dt.timedelta(minutes=5))
    first = risk_events_task.enqueue()  # the immediate backend in tests runs it now
    second = risk_nightly_task.enqueue()
    assert first.return_value["alerts"] == {"port_out_code_requested": 1}
    assert second.return_value["alerts"] == {}
    assert RiskAlert.objects.filter(customer=customer).count() == 1


def test_retraining_without_history_does_not_fail(db):
    assert risk_retrain_task.enqueue().return_value is None
