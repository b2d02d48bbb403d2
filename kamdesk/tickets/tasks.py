"""Background work of requests. The sweep runs every minute under django-crontask's one
scheduler; it processes whatever is due, so a missed, late or doubled run does the
right thing."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

log = logging.getLogger(__name__)


@cron("* * * * *")
@task
def sla_sweep_task() -> dict[str, int]:
    from kamdesk.tickets.services.sweep import sla_sweep

    result = sla_sweep()
    if result.counts:
        log.info("sla sweep: %s", result.counts)
    return result.counts


@task
def deliver_step(step_id: int) -> bool:
    from kamdesk.tickets.services.outbound import step_deliver

    return step_deliver(step_id=step_id)
