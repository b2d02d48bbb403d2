"""The daily learning sweep under django-crontask's one scheduler: reminders before a
certification expires, reminders of overdue required learning, and the yearly ethics
certification (E1). It processes whatever is due, so a missed or doubled run is harmless."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

log = logging.getLogger(__name__)


@cron("30 8 * * *")  # 08:30 in TIME_ZONE (Asia/Shanghai)
@task
def learning_sweep_task() -> dict[str, int]:
    from kamdesk.learning.services import learning_sweep

    counts = learning_sweep()
    log.info("learning sweep: %s", counts)
    return counts
