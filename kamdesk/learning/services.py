"""Writes of manager development: assigning required paths, taking and submitting a
quiz, issuing certifications, and the daily sweep of reminders (safe to run twice)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.learning import scoring
from kamdesk.learning.matching import audience_includes
from kamdesk.learning.models import (
    Assignment,
    Certification,
    Choice,
    LearningPath,
    ManagerCertification,
    PathStep,
    Question,
    QuizAttempt,
)
from kamdesk.notifications.services import notify
from kamdesk.users.models import ManagerGrade, Role, User

REMIND_DAYS = 30


def _targets(*, roles: Iterable[str], grades: Iterable[str] = ()) -> list[User]:
    """Active staff in ``roles`` (none: account managers); ``grades`` narrow the managers
    among them (none: every grade)."""
    wanted, graded = list(roles) or [Role.MANAGER], list(grades)
    unknown = [r for r in wanted if r not in Role.values]
    if unknown:
        raise ValidationFailed({"roles": [_("Unknown role: %(role)s.") % {"role": unknown[0]}]})
    unknown = [g for g in graded if g not in ManagerGrade.values]
    if unknown:
        raise ValidationFailed({"grades": [_("Unknown grade: %(grade)s.") % {"grade": unknown[0]}]})
    staff = User.objects.filter(role__in=wanted, is_active=True)
    if graded:
        staff = staff.filter(~Q(role=Role.MANAGER) | Q(grade__in=graded))
    return list(staff.order_by("pk"))


def path_assign(
    *, path: LearningPath, user: User, deadline: dt.date, reason: str, actor: User | None = None
) -> Assignment:
    """Assign ``path`` to ``user``; an open assignment of the same path is kept (its
    deadline moves earlier if the new one is earlier)."""
    open_one = Assignment.objects.filter(path=path, user=user, completed_at__isnull=True).first()
    if open_one is not None:
        if deadline < open_one.deadline:
            open_one.deadline = deadline
            open_one.save(update_fields=["deadline", "updated_at"])
        return open_one
    try:
        with transaction.atomic():
            return Assignment.objects.create(
                path=path, user=user, deadline=deadline, reason=reason[:200], assigned_by=actor
            )
    except IntegrityError:  # a concurrent run assigned it first
        return Assignment.objects.get(path=path, user=user, completed_at__isnull=True)


@transaction.atomic
def learning_path_require(
    *,
    path: LearningPath,
    deadline: dt.date,
    roles: Iterable[str],
    reason: str,
    grades: Iterable[str] = (),
    actor: User | None = None,
) -> list[Assignment]:
    """Require ``path`` of every active member of staff in ``roles`` (and, for account
    managers, ``grades``; none: every grade) by ``deadline`` (a tariff or product launch);
    each gets an assignment and a notification."""
    roles, grades = list(roles), list(grades)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the path is required.")]})
    if deadline < timezone.localdate():
        raise ValidationFailed({"deadline": [_("The deadline is in the past.")]})
    made = []
    for user in _targets(roles=roles, grades=grades):
        assignment = path_assign(
            path=path, user=user, deadline=deadline, reason=reason, actor=actor
        )
        made.append(assignment)
        notify(
            user=user,
            kind="learning_assigned",
            title=_("Required learning: %(path)s by %(date)s")
            % {"path": path.title, "date": deadline.isoformat()},
            body=reason,
            url=reverse("learning:path", args=[path.slug]),
            dedup_key=f"learning:assigned:{assignment.pk}",
        )
    audit_record(
        actor=actor,
        action="learning.path_required",
        target=path,
        extra={
            "deadline": deadline.isoformat(),
            "roles": roles,
            "grades": grades,
            "count": len(made),
        },
    )
    return made


NEW_MANAGER_DAYS = 30


def new_manager_onboard(*, user: User, today: dt.date | None = None) -> list[Assignment]:
    """Assign every path required of new managers that was never assigned to ``user``,
    each with its own number of days."""
    day = today or timezone.localdate()
    had = set(Assignment.objects.filter(user=user).values_list("path_id", flat=True))
    return [
        path_assign(
            path=p,
            user=user,
            deadline=day + dt.timedelta(days=p.new_manager_days),
            reason=_("Required of new managers"),
        )
        for p in LearningPath.objects.filter(required_for_new=True, is_published=True)
        if audience_includes(roles=p.roles, grades=p.grades, role=user.role, grade=user.grade)
        and p.pk not in had
    ]


def _onboard_new(day: dt.date) -> int:
    """Managers who joined in the last ``NEW_MANAGER_DAYS`` days get the new-manager paths."""
    since = dt.datetime.combine(day - dt.timedelta(days=NEW_MANAGER_DAYS), dt.time(), tzinfo=dt.UTC)
    joined = User.objects.filter(role=Role.MANAGER, is_active=True, date_joined__gte=since)
    return sum(len(new_manager_onboard(user=u, today=day)) for u in joined)


def quiz_start(*, user: User, step: PathStep, rng: random.Random | None = None) -> QuizAttempt:
    """A new attempt with ``step.question_count`` questions drawn at random from its bank."""
    pool = list(
        Question.objects.filter(bank=step.bank_id, is_active=True).values_list("pk", flat=True)
    )
    if not pool:
        raise ValidationFailed({"step": [_("This quiz has no questions yet.")]})
    picked = (rng or random.SystemRandom()).sample(pool, min(step.question_count, len(pool)))
    return QuizAttempt.objects.create(user=user, step=step, question_ids=picked)


def _parse(attempt: QuizAttempt, answers: Mapping[int, Iterable[int]]) -> dict[int, set[int]]:
    valid = dict(
        Choice.objects.filter(question_id__in=attempt.question_ids).values_list("pk", "question_id")
    )
    chosen: dict[int, set[int]] = {}
    for qid, ids in answers.items():
        if qid not in attempt.question_ids:
            raise ValidationFailed(
                {"answers": [_("Question %(id)s is not in this quiz.") % {"id": qid}]}
            )
        for cid in ids:
            if valid.get(cid) != qid:
                raise ValidationFailed(
                    {"answers": [_("Answer %(id)s does not belong to its question.") % {"id": cid}]}
                )
        chosen[qid] = set(ids)
    return chosen


@transaction.atomic
def quiz_submit(
    *, attempt: QuizAttempt, answers: Mapping[int, Iterable[int]], now: dt.datetime | None = None
) -> QuizAttempt:
    """Score the attempt (partial multiple-choice answers score zero); passing the last
    quiz of a path completes its assignment and issues its certification."""
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise ValidationFailed({"attempt": [_("This quiz was submitted already.")]})
    chosen = _parse(attempt, answers)
    keys = _keys(attempt.question_ids)
    result = scoring.score(keys, chosen)
    attempt.answers = {str(q): sorted(c) for q, c in chosen.items()}
    attempt.correct = result.correct
    attempt.percent = result.percent
    attempt.passed = result.passed(attempt.step.pass_percent)
    attempt.submitted_at = now or timezone.now()
    attempt.save(update_fields=["answers", "correct", "percent", "passed", "submitted_at"])
    if attempt.passed:
        _path_progress(user=attempt.user, path=attempt.step.path, now=attempt.submitted_at)
    return attempt


def _keys(question_ids: list[int]) -> list[scoring.Key]:
    correct: dict[int, set[int]] = {q: set() for q in question_ids}
    for cid, qid in Choice.objects.filter(
        question_id__in=question_ids, is_correct=True
    ).values_list("pk", "question_id"):
        correct[qid].add(cid)
    return [scoring.Key(question_id=q, correct=frozenset(correct[q])) for q in question_ids]


def _path_progress(*, user: User, path: LearningPath, now: dt.datetime) -> None:
    """Complete the open assignment and issue the certification once every step is passed
    (since the open assignment was made, so a renewal needs the quizzes taken again)."""
    open_one = Assignment.objects.filter(path=path, user=user, completed_at__isnull=True).first()
    since = open_one.created_at if open_one else None
    passed = QuizAttempt.objects.filter(user=user, step__path=path, passed=True)
    if since is not None:
        passed = passed.filter(submitted_at__gte=since)
    steps = set(path.steps.values_list("pk", flat=True))
    if not steps or set(passed.values_list("step_id", flat=True)) < steps:
        return
    if open_one is not None:
        open_one.completed_at = now
        open_one.save(update_fields=["completed_at", "updated_at"])
    if path.certification is not None:
        certification_issue(user=user, certification=path.certification, on=timezone.localdate(now))


def certification_issue(
    *, user: User, certification: Certification, on: dt.date
) -> ManagerCertification:
    row, created = ManagerCertification.objects.get_or_create(
        user=user,
        certification=certification,
        issued_on=on,
        defaults={"expires_on": scoring.add_months(on, certification.validity_months)},
    )
    if created:
        audit_record(
            actor=user,
            action="learning.certified",
            target=row,
            extra={"code": certification.code, "expires_on": row.expires_on.isoformat()},
        )
    return row


def learning_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind of certifications about to expire and of overdue learning, and require the
    yearly certifications (E1) of managers who do not hold a valid one."""
    day = today or timezone.localdate()
    return {
        "expiry_reminders": _remind_expiry(day),
        "overdue_reminders": _remind_overdue(day),
        "required_assigned": _require_yearly(day),
        "new_manager_assigned": _onboard_new(day),
    }


def _latest_certs() -> dict[tuple[int, int], ManagerCertification]:
    latest: dict[tuple[int, int], ManagerCertification] = {}
    for mc in ManagerCertification.objects.select_related("user", "certification").order_by(
        "expires_on"
    ):
        latest[(mc.user_id, mc.certification_id)] = mc
    return latest


def _remind_expiry(day: dt.date) -> int:
    sent = 0
    for mc in _latest_certs().values():
        if not mc.user.is_active or not scoring.reminder_due(
            expires_on=mc.expires_on, on=day, days_before=REMIND_DAYS
        ):
            continue
        row = notify(
            user=mc.user,
            kind="learning_expiry",
            title=_("Your certification %(name)s expires on %(date)s")
            % {"name": mc.certification.name, "date": mc.expires_on.isoformat()},
            url=reverse("learning:mine"),
            dedup_key=f"learning:expiry:{mc.pk}",
        )
        sent += row is not None
    return sent


def _remind_overdue(day: dt.date) -> int:
    sent = 0
    overdue = Assignment.objects.filter(
        completed_at__isnull=True, deadline__lt=day, user__is_active=True
    )
    for a in overdue.select_related("path", "user"):
        row = notify(
            user=a.user,
            kind="learning_overdue",
            title=_("Overdue learning: %(path)s was due on %(date)s")
            % {"path": a.path.title, "date": a.deadline.isoformat()},
            url=reverse("learning:path", args=[a.path.slug]),
            dedup_key=f"learning:overdue:{a.pk}",
        )
        sent += row is not None
    return sent


def _require_yearly(day: dt.date) -> int:
    latest = _latest_certs()
    made = 0
    for cert in Certification.objects.filter(required_yearly=True):
        path = cert.paths.filter(is_published=True).first()
        if path is None:
            continue
        for user in User.objects.filter(role=Role.MANAGER, is_active=True):
            mc = latest.get((user.pk, cert.pk))
            if (
                mc is not None
                and not scoring.reminder_due(
                    expires_on=mc.expires_on, on=day, days_before=REMIND_DAYS
                )
                and scoring.is_valid(expires_on=mc.expires_on, on=day)
            ):
                continue
            deadline = (
                mc.expires_on
                if mc and mc.expires_on > day
                else day + dt.timedelta(days=REMIND_DAYS)
            )
            before = Assignment.objects.filter(
                path=path, user=user, completed_at__isnull=True
            ).exists()
            path_assign(
                path=path, user=user, deadline=deadline, reason=_("Required every year (E1)")
            )
            made += not before
    return made
