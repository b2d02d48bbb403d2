"""Background work of commitments: the sweep runs every quarter hour under the one
scheduler and does whatever is due, so a missed, late or doubled run is harmless."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

log = logging.getLogger(__name__)


@cron("*/15 * * * *")
@task
def commitments_sweep_task() -> dict[str, int]:
    from kamdesk.commitments.services import commitments_sweep

    counts = commitments_sweep()
    if any(counts.values()):
        log.info("commitments sweep: %s", counts)
    return counts
