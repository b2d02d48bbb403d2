"""/api/v1/learning: my assignments and certifications, the team view of supervisors, and
requiring a path of every manager (a tariff or product launch)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Router, Schema, Status
from ninja.errors import HttpError

from kamdesk.customers.schemas import ApiRequest, Body, Str200, answers
from kamdesk.learning.models import Assignment
from kamdesk.learning.selectors import (
    CertStatus,
    assignments_of,
    certification_status_of,
    path_get,
    team_view,
)
from kamdesk.learning.services import learning_path_require
from kamdesk.users.models import Role
from kamdesk.users.permissions import can

router = Router(tags=["learning"])
Slug = PathEx[str, P(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=50)]
AUTHORS = {Role.SUPERVISOR, Role.SYSTEM_ADMIN}


class AssignmentOut(Schema):
    id: int
    path: str
    title: str
    deadline: dt.date
    reason: str
    completed_at: dt.datetime | None

    @classmethod
    def of(cls, a: Assignment) -> AssignmentOut:
        return cls(
            id=a.pk,
            path=a.path.slug,
            title=a.path.title,
            deadline=a.deadline,
            reason=a.reason,
            completed_at=a.completed_at,
        )


class CertificationOut(Schema):
    code: str
    name: str
    expires_on: dt.date
    state: Literal["valid", "expiring", "expired"]

    @classmethod
    def of(cls, c: CertStatus) -> CertificationOut:
        return cls(code=c.code, name=c.name, expires_on=c.expires_on, state=c.state)  # type: ignore[arg-type]


class TeamRowOut(Schema):
    username: str
    name: str
    grade: str
    open: int
    overdue: int
    completed: int
    last_percent: int | None
    certifications: list[CertificationOut]


TargetRole = Literal["manager", "supervisor", "backoffice"]
TargetGrade = Literal["trainee", "junior", "intermediate", "senior", "principal"]


def _managers() -> list[TargetRole]:
    return ["manager"]


class RequireIn(Body):
    deadline: dt.date
    roles: list[TargetRole] = Field(default_factory=_managers, min_length=1, max_length=3)
    reason: Str200 = Field(..., min_length=1)
    # Account managers' grades; left out: the path's own grades (none: every grade).
    grades: list[TargetGrade] | None = Field(default=None, max_length=5)


def _need(user, action: str = "view") -> None:  # type: ignore[no-untyped-def]
    if not can(user, "view", "learning"):
        raise HttpError(404, _("Not found."))
    if action != "view" and (not can(user, action, "learning") or user.role not in AUTHORS):
        raise HttpError(403, _("You may not require learning paths."))


@router.get("/learning/assignments", response=answers({200: list[AssignmentOut]}))
def my_assignments(request: ApiRequest):  # type: ignore[no-untyped-def]
    """The caller's required learning, open first, by deadline."""
    _need(request.auth)
    return [AssignmentOut.of(a) for a in assignments_of(user=request.auth)]


@router.get("/learning/certifications", response=answers({200: list[CertificationOut]}))
def my_certifications(request: ApiRequest):  # type: ignore[no-untyped-def]
    """The caller's latest certification of each kind and its state today."""
    _need(request.auth)
    return [CertificationOut.of(c) for c in certification_status_of(user=request.auth)]


@router.get("/learning/team", response=answers({200: list[TeamRowOut]}))
def team(request: ApiRequest):  # type: ignore[no-untyped-def]
    """Progress of the managers the caller may see: a supervisor's own team only."""
    _need(request.auth)
    return [
        TeamRowOut(
            username=r.user.username,
            name=str(r.user),
            grade=r.user.grade,
            open=r.open_count,
            overdue=r.overdue_count,
            completed=r.done_count,
            last_percent=r.last_percent,
            certifications=[CertificationOut.of(c) for c in r.certifications],
        )
        for r in team_view(user=request.auth)
    ]


@router.post(
    "/learning/paths/{slug}/require",
    response=answers({201: list[AssignmentOut]}, write=True),
)
def require_path(request: ApiRequest, slug: Slug, payload: RequireIn):  # type: ignore[no-untyped-def]
    """Require a path of every active member of staff in ``roles`` (managers narrowed to
    ``grades``) by ``deadline``."""
    _need(request.auth)
    path = path_get(user=request.auth, slug=slug)
    _need(request.auth, "change")
    made = learning_path_require(
        path=path,
        deadline=payload.deadline,
        roles=list(payload.roles),
        grades=path.grades if payload.grades is None else list(payload.grades),
        reason=payload.reason,
        actor=request.auth,
    )
    return Status(201, [AssignmentOut.of(a) for a in made])
