"""Background work of risk early warning under django-crontask's one scheduler.

Each task processes whatever is due (alerts and anomalies are keyed), so a missed,
late or doubled run does the right thing."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

log = logging.getLogger(__name__)


@cron("30 1 * * *")
@task
def risk_nightly_task() -> dict[str, object]:
    """Anomalies, scores and alerts for the last complete month, events and contracts."""
    from kamdesk.risk.services.detect import risk_nightly

    return risk_nightly().as_dict()


@cron("*/10 * * * *")
@task
def risk_events_task() -> dict[str, object]:
    """Leaving events ingested since the last run get their alerts within minutes."""
    from django.utils import timezone

    from kamdesk.risk.services.detect import RunResult, events_process

    result = RunResult()
    events_process(now=timezone.now(), result=result)
    return result.as_dict()


def on_events_ingested(**_kwargs: object) -> None:
    """Receiver of ``usage.signals.events_ingested``: the new leaving events get their
    alerts and mandatory visits now, not at the next ten-minute run (which stays as the
    safety net; alerts are keyed by event, so nothing is created twice)."""
    from django.db import transaction

    transaction.on_commit(risk_events_task.enqueue)


@cron("0 3 1 * *")
@task
def risk_retrain_task() -> int | None:
    """Retrain on the history each month; the new version is activated unless its AUC
    raises the leakage alarm (a supervisor can switch back on the models page)."""
    from kamdesk.core.errors import ValidationFailed
    from kamdesk.risk.services.modelling import model_train_history

    try:
        return model_train_history().version
    except ValidationFailed as exc:
        log.warning("churn model not retrained: %s", exc)
        return None
