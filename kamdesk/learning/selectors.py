"""Reads of manager development, scoped: a manager sees their own learning, a supervisor
their team's, the roles with the province-wide view everyone's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.learning import scoring
from kamdesk.learning.matching import audience_includes
from kamdesk.learning.models import (
    Assignment,
    LaunchRule,
    LearningPath,
    ManagerCertification,
    PathStep,
    Question,
    QuizAttempt,
)
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can

KIND = "learning"


def learners_visible_to(*, user: User) -> QuerySet[User]:
    """The managers whose learning ``user`` may see: a supervisor their team, the system
    administrator everyone, anyone else only themselves."""
    managers = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username")
    if not can(user, "view", KIND):
        return managers.none()
    if user.role == Role.SUPERVISOR:
        return managers.filter(team__supervisor=user)
    if user.role == Role.SYSTEM_ADMIN:
        return managers
    return managers.filter(pk=user.pk)


def paths_for(*, user: User) -> list[LearningPath]:
    """Published paths meant for the user's role and grade (a path without roles is for
    every role, without grades for every grade; supervisors and administrators see them
    all).
    The roles are a short JSON list, filtered here: SQLite has no JSON containment."""
    if not can(user, "view", KIND):
        return []
    published = LearningPath.objects.filter(is_published=True).prefetch_related("steps__article")
    if user.role in (Role.SUPERVISOR, Role.SYSTEM_ADMIN):  # they require paths of others
        return list(published)
    return [
        p
        for p in published
        if audience_includes(roles=p.roles, grades=p.grades, role=user.role, grade=user.grade)
    ]


def launch_rules_of(*, path: LearningPath) -> QuerySet[LaunchRule]:
    """The rules in use that require ``path`` when a tariff goes on sale."""
    return path.launch_rules.filter(is_active=True).order_by("pk")


def path_get(*, user: User, slug: str) -> LearningPath:
    """A published path by slug; any role that may view learning may open it (a supervisor
    reads the paths they require of the team)."""
    path = LearningPath.objects.filter(is_published=True, slug=slug).first()
    if path is None or not can(user, "view", KIND):
        raise Http404("No such learning path")
    return path


def step_get(*, user: User, slug: str, order: int) -> PathStep:
    path = path_get(user=user, slug=slug)
    step = path.steps.select_related("article", "bank").filter(order=order).first()
    if step is None:
        raise Http404("No such step")
    return step


def attempt_get(*, user: User, attempt_id: int) -> QuizAttempt:
    """Only the person who took an attempt opens it."""
    attempt = (
        QuizAttempt.objects.select_related("step__path", "step__article")
        .filter(pk=attempt_id, user=user)
        .first()
    )
    if attempt is None:
        raise Http404("No such attempt")
    return attempt


def attempt_questions(*, attempt: QuizAttempt) -> list[Question]:
    by_id = Question.objects.prefetch_related("choices").in_bulk(attempt.question_ids)
    return [by_id[q] for q in attempt.question_ids if q in by_id]


def assignments_of(*, user: User) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(user=user)
        .select_related("path")
        .order_by("completed_at", "deadline")
    )


def certifications_of(*, user: User) -> QuerySet[ManagerCertification]:
    return ManagerCertification.objects.filter(user=user).select_related("certification")


def passed_step_ids(*, user: User) -> set[int]:
    return set(QuizAttempt.objects.filter(user=user, passed=True).values_list("step_id", flat=True))


@dataclass(frozen=True)
class CertStatus:
    code: str
    name: str
    expires_on: dt.date
    state: str  # valid, expiring, expired


def _state(expires_on: dt.date, day: dt.date) -> str:
    if not scoring.is_valid(expires_on=expires_on, on=day):
        return "expired"
    return "expiring" if scoring.reminder_due(expires_on=expires_on, on=day) else "valid"


def certification_status_of(*, user: User, on: dt.date | None = None) -> list[CertStatus]:
    """The latest certification of each kind a manager holds and its state today; plain
    dataclasses so the scorecard can show it without importing the models."""
    day = on or timezone.localdate()
    latest: dict[int, ManagerCertification] = {}
    for mc in certifications_of(user=user).order_by("expires_on"):
        latest[mc.certification_id] = mc
    return [
        CertStatus(
            code=mc.certification.code,
            name=mc.certification.name,
            expires_on=mc.expires_on,
            state=_state(mc.expires_on, day),
        )
        for mc in sorted(latest.values(), key=lambda m: m.certification.name)
    ]


@dataclass(frozen=True)
class TeamRow:
    user: User
    open_count: int
    overdue_count: int
    done_count: int
    certifications: list[CertStatus]
    last_percent: int | None


def team_view(*, user: User, on: dt.date | None = None) -> list[TeamRow]:
    """One row per manager ``user`` may see (a supervisor: only their team)."""
    day = on or timezone.localdate()
    rows = []
    for member in learners_visible_to(user=user):
        assignments = list(Assignment.objects.filter(user=member))
        last = QuizAttempt.objects.filter(user=member, submitted_at__isnull=False).first()
        rows.append(
            TeamRow(
                user=member,
                open_count=sum(a.completed_at is None for a in assignments),
                overdue_count=sum(a.completed_at is None and a.deadline < day for a in assignments),
                done_count=sum(a.completed_at is not None for a in assignments),
                certifications=certification_status_of(user=member, on=day),
                last_percent=last.percent if last else None,
            )
        )
    return rows
