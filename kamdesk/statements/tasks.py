"""Background work of statements. The schedule runs hourly under django-crontask's one
scheduler and processes whatever is due (last month's deliveries whose day has come,
retries whose time has come), so a missed, late or doubled run does the right thing."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

log = logging.getLogger(__name__)


@cron("7 * * * *")
@task
def statements_schedule_task() -> dict[str, int]:
    from kamdesk.statements.services.schedule import schedule_run

    result = schedule_run()
    if any(result.values()):
        log.info("statements schedule: %s", result)
    return result


@task
def run_statement_job(job_id: int) -> bool:
    from kamdesk.statements.services.jobs import job_run

    return job_run(job_id=job_id) is not None
