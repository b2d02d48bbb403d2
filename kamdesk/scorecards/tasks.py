"""Background work of scorecards: the start-of-year revenue snapshot (拍照).

It runs daily in the first days of January, so a run the scheduler missed is made up the
next day; ``revenue_snapshot_take`` adds only what is missing, so it is safe to run twice.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task


@cron("30 3 1-7 1 *")
@task
def take_revenue_snapshot() -> int:
    from django.utils import timezone

    from kamdesk.scorecards.services import revenue_snapshot_take

    return revenue_snapshot_take(year=timezone.localdate().year)
