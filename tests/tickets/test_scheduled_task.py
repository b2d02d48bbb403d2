"""The sweep is a django.tasks task that django-crontask schedules every minute."""

import datetime as dt

import time_machine

from kamdesk.notifications.models import Notification
from kamdesk.tickets.tasks import sla_sweep_task
from tests.tickets.conftest import open_request


def test_it_is_scheduled_every_minute(db):
    from crontask import scheduler

    jobs = {job.name: job for job in scheduler.get_jobs()}
    job = jobs[sla_sweep_task.name]
    assert str(job.trigger).startswith(
        "cron[month='*', day='*', day_of_week='*', hour='*', minute='*'"
    )


def test_the_task_processes_what_is_due(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    with time_machine.travel(ticket.due_at + dt.timedelta(seconds=30), tick=False):
        result = sla_sweep_task.enqueue()  # the immediate backend in tests runs it now
    assert result.return_value["breaches"] == 1
    assert Notification.objects.filter(user=manager, kind="sla.breach").count() == 1
