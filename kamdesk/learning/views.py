"""Pages of manager development: my learning, a path with its quizzes, taking a quiz and
its results with explanations, and the supervisor's view of the team."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.learning.forms import RequireForm
from kamdesk.learning.models import LearningPath
from kamdesk.learning.selectors import (
    assignments_of,
    attempt_get,
    attempt_questions,
    certification_status_of,
    launch_rules_of,
    passed_step_ids,
    path_get,
    paths_for,
    step_get,
    team_view,
)
from kamdesk.learning.services import learning_path_require, quiz_start, quiz_submit
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Role
from kamdesk.users.permissions import can

KIND = "learning"
AUTHORS = {Role.SUPERVISOR, Role.SYSTEM_ADMIN}


def _need(request: StaffRequest, action: str = "view") -> None:
    if not can(request.user, "view", KIND):
        raise Http404("Not found")
    if action != "view" and not can(request.user, action, KIND):
        raise PermissionDenied


@require_GET
def mine(request: StaffRequest) -> HttpResponse:
    _need(request)
    passed = passed_step_ids(user=request.user)
    paths = [
        (p, sum(s.pk in passed for s in p.steps.all()), len(p.steps.all()))
        for p in paths_for(user=request.user)
    ]
    return render(
        request,
        "learning/mine.html",
        {
            "assignments": assignments_of(user=request.user),
            "paths": paths,
            "certifications": certification_status_of(user=request.user),
            "attempts": request.user.quiz_attempts.filter(
                submitted_at__isnull=False
            ).select_related("step__path")[:10],
        },
    )


@require_GET
def path_detail(request: StaffRequest, slug: str) -> HttpResponse:
    _need(request)
    path = path_get(user=request.user, slug=slug)
    form = RequireForm(initial={"grades": path.grades}) if _may_require(request) else None
    return render(request, "learning/path.html", _path_context(request, path, form))


def _path_context(
    request: StaffRequest, path: LearningPath, form: RequireForm | None
) -> dict[str, object]:
    passed = passed_step_ids(user=request.user)
    return {
        "path": path,
        "steps": [(s, s.pk in passed) for s in path.steps.all()],
        "form": form,
        "launch_rules": launch_rules_of(path=path),
    }


def _may_require(request: StaffRequest) -> bool:
    return request.user.role in AUTHORS and can(request.user, "change", KIND)


@require_POST
def path_require(request: StaffRequest, slug: str) -> HttpResponse:
    """Require the path of every manager by a deadline (a tariff or product launch)."""
    _need(request)
    path = path_get(user=request.user, slug=slug)
    if not _may_require(request):
        raise PermissionDenied
    form = RequireForm(request.POST)
    if form.is_valid():
        try:
            made = learning_path_require(
                path=path,
                deadline=form.cleaned_data["deadline"],
                roles=path.roles or [Role.MANAGER],
                grades=form.cleaned_data["grades"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationFailed as exc:
            for field, problems in exc.errors.items():
                form.add_error(field if field in form.fields else None, problems[0])
        else:
            messages.success(request, _("Required of %(n)s managers.") % {"n": len(made)})
            return redirect("learning:path", slug=slug)
    return render(request, "learning/path.html", _path_context(request, path, form), status=422)


@require_POST
def quiz_begin(request: StaffRequest, slug: str, order: int) -> HttpResponse:
    _need(request, "change")
    step = step_get(user=request.user, slug=slug, order=order)
    try:
        attempt = quiz_start(user=request.user, step=step)
    except ValidationFailed as exc:
        for problems in exc.errors.values():
            messages.error(request, problems[0])
        return redirect("learning:path", slug=slug)
    return redirect("learning:attempt", attempt_id=attempt.pk)


def _answers_from(request: StaffRequest, question_ids: list[int]) -> dict[int, list[int]]:
    answers = {}
    for qid in question_ids:
        raw = request.POST.getlist(f"q{qid}")
        try:
            answers[qid] = [int(v) for v in raw]
        except ValueError:
            raise ValidationFailed({"answers": [_("An answer is not valid.")]}) from None
    return answers


@require_http_methods(["GET", "POST"])
def attempt_detail(request: StaffRequest, attempt_id: int) -> HttpResponse:
    _need(request)
    attempt = attempt_get(user=request.user, attempt_id=attempt_id)
    if request.method == "POST" and attempt.submitted_at is None:
        _need(request, "change")
        try:
            attempt = quiz_submit(
                attempt=attempt, answers=_answers_from(request, attempt.question_ids)
            )
        except ValidationFailed as exc:
            for problems in exc.errors.values():
                messages.error(request, problems[0])
        else:
            if attempt.passed:
                messages.success(
                    request, _("Passed: %(percent)s%%.") % {"percent": attempt.percent}
                )
            else:
                messages.warning(
                    request,
                    _("Not passed: %(percent)s%%. Read the article again and retry.")
                    % {"percent": attempt.percent},
                )
        return redirect("learning:attempt", attempt_id=attempt.pk)
    chosen = {int(q): set(c) for q, c in attempt.answers.items()}
    questions = [(q, chosen.get(q.pk, set())) for q in attempt_questions(attempt=attempt)]
    return render(request, "learning/attempt.html", {"attempt": attempt, "questions": questions})


@require_GET
def team(request: StaffRequest) -> HttpResponse:
    _need(request)
    if request.user.role not in AUTHORS:
        raise PermissionDenied
    context = {"rows": team_view(user=request.user), "paths": paths_for(user=request.user)}
    return render(request, "learning/team.html", context)
