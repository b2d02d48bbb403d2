"""Rules of requests that need no database. Pure: no Django import.

- which SLA policy applies (the most specific one);
- a statutory deadline is never relaxed;
- the priority derived from the customer's grade and the category;
- which status may follow which, and what that does to the clock;
- which steps of the green channel open next (in sequence or in parallel).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PRIORITIES = ("p1", "p2", "p3", "p4")
ALWAYS_OPEN_CALENDAR = "24x7"


@dataclass(frozen=True)
class PolicyRow:
    grade_id: int | None
    priority: str
    category_id: int | None
    response_minutes: int
    resolution_minutes: int
    warning_percent: int
    calendar_code: str


@dataclass(frozen=True)
class Targets:
    response_minutes: int
    resolution_minutes: int
    warning_percent: int
    calendar_code: str
    statutory: bool


def _specificity(row: PolicyRow) -> int:
    # Category weighs most, then grade, then priority: a category's rule beats a grade's.
    return (4 if row.category_id else 0) + (2 if row.grade_id else 0) + (1 if row.priority else 0)


def policy_pick(
    rows: Iterable[PolicyRow], *, grade_id: int, priority: str, category_id: int
) -> PolicyRow | None:
    """The most specific policy matching the request, or None when none matches."""
    matching = [
        r
        for r in rows
        if r.grade_id in (None, grade_id)
        and r.priority in ("", priority)
        and r.category_id in (None, category_id)
    ]
    return max(matching, key=_specificity, default=None)


def targets_for(policy: PolicyRow, *, statutory_minutes: int | None) -> Targets:
    """The request's targets. A statutory deadline caps the resolution target and runs on
    the calendar (24×7): a policy can make it stricter, never looser."""
    if not statutory_minutes:
        return Targets(
            policy.response_minutes,
            policy.resolution_minutes,
            policy.warning_percent,
            policy.calendar_code,
            statutory=False,
        )
    if policy.calendar_code == ALWAYS_OPEN_CALENDAR:
        resolution = min(policy.resolution_minutes, statutory_minutes)
    else:
        resolution = statutory_minutes
    response = min(policy.response_minutes, resolution)
    return Targets(
        response, resolution, policy.warning_percent, ALWAYS_OPEN_CALENDAR, statutory=True
    )


def priority_derive(*, base: str, grade_rank: int) -> str:
    """The category's base priority, raised one level for the most valuable grade (rank 1)."""
    index = PRIORITIES.index(base) if base in PRIORITIES else 2
    if grade_rank == 1:
        index = max(index - 1, 0)
    return PRIORITIES[index]


# --- statuses ---------------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"accepted", "in_progress", "waiting", "resolved"}),
    "accepted": frozenset({"in_progress", "waiting", "resolved"}),
    "in_progress": frozenset({"waiting", "resolved"}),
    "waiting": frozenset({"in_progress", "resolved"}),
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),
    "reopened": frozenset({"in_progress", "waiting", "resolved"}),
}
RUNNING = frozenset({"new", "accepted", "in_progress", "reopened"})
PAUSED = frozenset({"waiting"})
STOPPED = frozenset({"resolved", "closed"})


def transition_allowed(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def clock_effect(old: str, new: str) -> str | None:
    """What a status change does to the clock: pause, resume, stop, restart, or nothing."""
    if old in RUNNING and new in PAUSED:
        return "pause"
    if old in PAUSED and new in RUNNING:
        return "resume"
    if new in STOPPED and old not in STOPPED:
        return "stop"
    if old in STOPPED and new in RUNNING:
        return "restart"
    return None


# --- steps ------------------------------------------------------------------------------

FINISHED_STEPS = frozenset({"done", "cancelled"})


def steps_to_open(steps: Sequence[tuple[int, str]]) -> list[int]:
    """Indexes of the waiting steps to open now.

    ``steps`` are (sequence, status). The lowest sequence with an unfinished step is the
    current one: all of its waiting steps open together (in parallel); later sequences
    wait until it is finished (in sequence).
    """
    unfinished = [seq for seq, status in steps if status not in FINISHED_STEPS]
    if not unfinished:
        return []
    current = min(unfinished)
    return [i for i, (seq, status) in enumerate(steps) if seq == current and status == "waiting"]
