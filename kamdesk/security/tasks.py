"""Scheduled work of the security app (``kam crontask`` enqueues, ``kam db_worker`` runs)."""

from __future__ import annotations

import datetime as dt

from crontask import cron
from django.tasks import task
from django.utils import timezone

from kamdesk.security.services import SHANGHAI, insider_scan

DAYS_BACK = 3


@cron("30 2 * * *")
@task()
def insider_scan_task() -> dict[str, int]:
    """Scan each of the last few days: the scheduler drops runs it missed, and a scan is
    idempotent, so a late or doubled run does the right thing."""
    today = timezone.localtime(timezone.now(), SHANGHAI).date()
    created = 0
    for back in range(DAYS_BACK, 0, -1):
        created += insider_scan(day=today - dt.timedelta(days=back)).created
    return {"created": created}
