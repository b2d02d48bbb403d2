"""Background work of visits under django-crontask's one scheduler. Each task processes
whatever is due, so a missed, late or doubled run does the right thing."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

log = logging.getLogger(__name__)


@cron("*/15 * * * *")
@task
def overdue_sweep_task() -> dict[str, int]:
    from kamdesk.visits.services.sweep import overdue_sweep

    counts = overdue_sweep().counts
    if any(counts.values()):
        log.info("visit sweep: %s", counts)
    return counts


# Every morning at 07:00: new key accounts, complaints and expiring contracts raise their
# required visits (each rule looks back far enough for a scheduler down a few days).
@cron("0 7 * * *")
@task
def required_visits_task() -> dict[str, int]:
    from kamdesk.visits.services.required import required_visits_sweep

    result = required_visits_sweep()
    if any(result.created.values()) or result.skipped:
        log.info("required visits: %s, %s skipped", result.created, len(result.skipped))
    return result.created


# On the 25th at 06:00 (Asia/Shanghai when the scheduler runs in local time) next
# month's plan is made; planning again fills in only what is missing.
@cron("0 6 25 * *")
@task
def next_month_plan_task() -> str:
    from django.utils import timezone

    from kamdesk.visits.planning import add_months
    from kamdesk.visits.services.plan import month_plan_apply

    nxt = add_months(timezone.localdate().replace(day=1), 1)
    summary = month_plan_apply(year=nxt.year, month=nxt.month)
    log.info("visit plan %s: %s created", summary.month, summary.created)
    return summary.month


# Early on the 1st, plan the current month for whoever was not planned on the 25th.
@cron("30 6 1 * *")
@task
def this_month_plan_task() -> str:
    from django.utils import timezone

    from kamdesk.visits.services.plan import month_plan_apply

    today = timezone.localdate()
    return month_plan_apply(year=today.year, month=today.month).month
