"""The one place risk asks the visits capability for something.

Risk may import visits, never the reverse. A retention visit is created through
``kamdesk.visits.services.required_visit_create`` (idempotent per customer, reason and
source reference; it assigns the manager or the absent manager's backup and tells
them); its completion is the evidence that closes an alert and counts a save.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kamdesk.customers.models import Customer

RETENTION = "retention"


def _required_visit_create() -> Callable[..., Any] | None:
    for module in ("kamdesk.visits.services", "kamdesk.visits.services.visits"):
        try:
            found = getattr(importlib.import_module(module), "required_visit_create", None)
        except ImportError:
            continue
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


@dataclass(frozen=True)
class VisitState:
    visit_id: int
    status: str
    completed_at: dt.datetime | None


def retention_visit_require(
    *, customer: Customer, due_by: dt.date, source_ref: str, note: str, actor: Any = None
) -> int | None:
    """The id of the retention visit required for ``source_ref`` (made once), or None
    when the visits capability is not installed."""
    create = _required_visit_create()
    if create is None:
        return None
    visit = create(
        customer=customer,
        reason=RETENTION,
        due_by=due_by,
        source_ref=source_ref,
        actor=actor,
        note=note,
    )
    return int(visit.pk)


def visit_states(visit_ids: list[int]) -> dict[int, VisitState]:
    """Status and completion time of retention visits, by id."""
    if not visit_ids:
        return {}
    try:
        from kamdesk.visits.models import Visit
    except ImportError:
        return {}
    rows = Visit.objects.filter(pk__in=visit_ids).values_list("pk", "status", "completed_at")
    return {pk: VisitState(pk, status, done) for pk, status, done in rows}


def visits_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("kamdesk.visits")


def visit_completed(visit_id: int | None) -> bool:
    if visit_id is None:
        return False
    state = visit_states([visit_id]).get(visit_id)
    return state is not None and state.status == "completed"
