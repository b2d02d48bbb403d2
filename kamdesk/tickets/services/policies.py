"""Which targets a request and a step get, from the configured policies."""

from __future__ import annotations

from kamdesk.calendars.selectors import STANDARD
from kamdesk.tickets.models import Category, DepartmentSla, SlaPolicy
from kamdesk.tickets.sla import PolicyRow, Targets, policy_pick, targets_for

# Used only when an administrator has deleted every policy: a request still gets a clock.
FALLBACK = PolicyRow(None, "", None, 240, 1440, 75, STANDARD)
STEP_FALLBACK_MINUTES = 480


def _rows() -> list[PolicyRow]:
    return [
        PolicyRow(
            p.grade_id,
            p.priority,
            p.category_id,
            p.response_minutes,
            p.resolution_minutes,
            p.warning_percent,
            p.calendar.code,
        )
        for p in SlaPolicy.objects.filter(is_active=True).select_related("calendar")
    ]


def ticket_targets(*, grade_id: int, priority: str, category: Category) -> Targets:
    policy = (
        policy_pick(_rows(), grade_id=grade_id, priority=priority, category_id=category.pk)
        or FALLBACK
    )
    return targets_for(policy, statutory_minutes=category.statutory_minutes)


def step_targets(*, department_id: int, priority: str) -> tuple[int, int, str]:
    """(target minutes, warning percent, calendar code) of a department's step."""
    rows = list(
        DepartmentSla.objects.filter(department_id__in=[department_id]).select_related("calendar")
    ) + list(DepartmentSla.objects.filter(department__isnull=True).select_related("calendar"))
    matching = [r for r in rows if r.priority in ("", priority)]
    if not matching:
        return STEP_FALLBACK_MINUTES, 75, STANDARD
    best = max(matching, key=lambda r: (2 if r.department_id else 0) + (1 if r.priority else 0))
    return best.resolution_minutes, best.warning_percent, best.calendar.code
