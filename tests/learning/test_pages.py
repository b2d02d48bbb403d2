"""The pages: a manager takes a quiz in the browser-less client and sees the result with
explanations; a supervisor's team page lists only the team; the API declares its scope."""

import datetime as dt

import pytest

from kamdesk.learning.models import Certification, QuizAttempt
from kamdesk.learning.selectors import assignments_of
from kamdesk.learning.services import path_assign
from tests.conftest import api_client_for, client_for
from tests.learning.factories import path_make, right_answers

pytestmark = pytest.mark.django_db


def test_it_lets_a_manager_take_a_quiz_and_see_explanations(manager):
    path = path_make(cert=Certification.objects.create(code="g", name="集团产品认证"))
    client = client_for(manager)
    assert client.get("/learning/").status_code == 200
    start = client.post(f"/learning/p/{path.slug}/1/start/")
    attempt = QuizAttempt.objects.get(user=manager)
    assert start.url == f"/learning/attempt/{attempt.pk}/"
    form = {f"q{q}": c for q, c in right_answers(attempt.question_ids).items()}
    client.post(start.url, form)
    page = client.get(start.url).content.decode()
    assert "因为……" in page and "100%" in page
    assert "集团产品认证" in client.get("/learning/").content.decode()


def test_it_hides_another_managers_attempt(manager, other_manager):
    path = path_make()
    client_for(manager).post(f"/learning/p/{path.slug}/1/start/")
    attempt = QuizAttempt.objects.get(user=manager)
    assert client_for(other_manager).get(f"/learning/attempt/{attempt.pk}/").status_code == 404


def test_it_shows_the_supervisor_only_their_team(supervisor, manager, other_manager):
    page = client_for(supervisor).get("/learning/team/").content.decode()
    assert str(manager) in page and str(other_manager) not in page
    rows = api_client_for(supervisor).get("/api/v1/learning/team").json()
    assert [r["username"] for r in rows] == [manager.username]


def test_it_lists_my_assignments_and_lets_a_supervisor_require_a_path(
    supervisor, manager, other_manager
):
    path = path_make()
    deadline = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    body = {"deadline": deadline, "roles": ["manager"], "reason": "新资费上线"}
    denied = api_client_for(manager).post(
        f"/api/v1/learning/paths/{path.slug}/require", body, content_type="application/json"
    )
    assert denied.status_code == 403
    made = api_client_for(supervisor).post(
        f"/api/v1/learning/paths/{path.slug}/require", body, content_type="application/json"
    )
    assert made.status_code == 201 and len(made.json()) == 2
    mine = api_client_for(other_manager).get("/api/v1/learning/assignments").json()
    assert [(a["path"], a["deadline"]) for a in mine] == [(path.slug, deadline)]
    missing = api_client_for(supervisor).post(
        "/api/v1/learning/paths/nope/require", body, content_type="application/json"
    )
    assert missing.status_code == 404
    bad = api_client_for(supervisor).post(
        f"/api/v1/learning/paths/{path.slug}/require",
        {**body, "deadline": "2001-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "deadline" in bad.json()["errors"]


def test_it_lists_my_certifications(manager):
    cert = Certification.objects.create(code="p", name="个人信息保护")
    from kamdesk.learning.services import certification_issue

    certification_issue(user=manager, certification=cert, on=dt.date.today())
    rows = api_client_for(manager).get("/api/v1/learning/certifications").json()
    assert [(r["code"], r["state"]) for r in rows] == [("p", "valid")]
    path_assign(path=path_make(), user=manager, deadline=dt.date.today(), reason="x")


def test_it_lets_a_supervisor_require_a_path_from_its_page(supervisor, manager, other_manager):
    path = path_make()
    client = client_for(supervisor)
    assert "require-form" in client.get(f"/learning/p/{path.slug}/").content.decode()
    assert (
        "require-form" not in client_for(manager).get(f"/learning/p/{path.slug}/").content.decode()
    )
    deadline = dt.date.today() + dt.timedelta(days=20)
    client.post(
        f"/learning/p/{path.slug}/require/",
        {"deadline": deadline.isoformat(), "reason": "新资费上线"},
    )
    assert [a.deadline for a in assignments_of(user=other_manager)] == [deadline]
    bad = client.post(
        f"/learning/p/{path.slug}/require/", {"deadline": "2001-01-01", "reason": "x"}
    )
    assert bad.status_code == 422 and "截止日期已过" in bad.content.decode()
    denied = client_for(manager).post(
        f"/learning/p/{path.slug}/require/", {"deadline": deadline.isoformat(), "reason": "x"}
    )
    assert denied.status_code == 403
