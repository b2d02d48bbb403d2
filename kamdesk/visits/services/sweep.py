"""The overdue sweep: visits not done when due become overdue, the manager is told at
once and the supervisor after the grace period; long-overdue visits count as missed.
It processes whatever is due, so a missed, late or doubled run does the right thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.visits.models import Visit, VisitSettings, VisitStatus
from kamdesk.visits.services.common import supervisor_of, tell, visit_url

# An overdue visit not done within this many days is recorded as missed.
MISSED_AFTER_DAYS = 30


@dataclass
class SweepResult:
    counts: dict[str, int] = field(default_factory=dict)


def _due_passed(today: dt.date) -> Q:
    # A required visit is late after its due date; any other after its planned day.
    return Q(required_reason="", planned_date__lt=today) | (
        ~Q(required_reason="")
        & (Q(due_by__lt=today) | Q(due_by__isnull=True, planned_date__lt=today))
    )


def overdue_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    moment = now or timezone.now()
    today = timezone.localtime(moment).date()
    settings_row = VisitSettings.current()
    result = SweepResult()
    late = Visit.objects.select_related("customer", "manager", "manager__team").filter(
        _due_passed(today), status__in=(VisitStatus.PLANNED, VisitStatus.CHECKED_IN)
    )
    marked = 0
    for visit in late:
        if Visit.objects.filter(pk=visit.pk, status=visit.status).update(
            status=VisitStatus.OVERDUE, overdue_since=moment
        ):
            marked += 1
            tell(
                user=visit.manager,
                kind="visit.overdue",
                title=_("Visit to %(customer)s is overdue") % {"customer": visit.customer.name},
                key=f"visit:{visit.pk}:overdue",
                url=visit_url(visit),
            )
    result.counts["overdue"] = marked
    result.counts["supervisor"] = _alert_supervisors(moment, settings_row.supervisor_grace_days)
    result.counts["missed"] = Visit.objects.filter(
        status=VisitStatus.OVERDUE, overdue_since__lte=moment - dt.timedelta(days=MISSED_AFTER_DAYS)
    ).update(status=VisitStatus.MISSED)
    return result


def _alert_supervisors(moment: dt.datetime, grace_days: int) -> int:
    told = 0
    rows = Visit.objects.select_related("customer", "manager", "manager__team__supervisor").filter(
        status=VisitStatus.OVERDUE,
        supervisor_alerted_at__isnull=True,
        overdue_since__lte=moment - dt.timedelta(days=grace_days),
    )
    for visit in rows:
        if not Visit.objects.filter(pk=visit.pk, supervisor_alerted_at__isnull=True).update(
            supervisor_alerted_at=moment
        ):
            continue
        told += tell(
            user=supervisor_of(visit.manager),
            kind="visit.overdue_escalated",
            title=_("Visit to %(customer)s by %(manager)s is overdue since %(day)s")
            % {
                "customer": visit.customer.name,
                "manager": str(visit.manager),
                "day": f"{visit.planned_date:%Y-%m-%d}",
            },
            key=f"visit:{visit.pk}:overdue:supervisor",
            url=visit_url(visit),
        )
    return told
