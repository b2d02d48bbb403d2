"""Paths for some grades of account managers: who sees them, who is required to take
them, and how a supervisor narrows a requirement to grades."""

import datetime as dt

import pytest

from kamdesk.learning.selectors import assignments_of, paths_for
from kamdesk.learning.services import learning_path_require, new_manager_onboard
from kamdesk.users.models import ManagerGrade, Role
from tests.conftest import api_client_for, client_for
from tests.factories import UserFactory
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db
JUNIOR_GRADES = [ManagerGrade.TRAINEE, ManagerGrade.JUNIOR]


@pytest.fixture
def junior():
    return UserFactory(username="m_junior", grade=ManagerGrade.JUNIOR)


@pytest.fixture
def senior():
    return UserFactory(username="m_senior", grade=ManagerGrade.SENIOR)


@pytest.fixture
def junior_path():
    path = path_make(slug="kam-basics")
    path.grades = JUNIOR_GRADES
    path.save()
    return path


def test_it_shows_a_junior_path_only_to_junior_managers(junior, senior, junior_path, supervisor):
    everyone = path_make(slug="everyone")
    assert paths_for(user=junior) == [everyone, junior_path] or set(paths_for(user=junior)) == {
        everyone,
        junior_path,
    }
    assert paths_for(user=senior) == [everyone]
    assert set(paths_for(user=supervisor)) == {everyone, junior_path}


def test_it_requires_a_path_of_the_grades_given(junior, senior, junior_path):
    deadline = dt.date.today() + dt.timedelta(days=7)
    made = learning_path_require(
        path=junior_path,
        deadline=deadline,
        roles=[Role.MANAGER],
        grades=JUNIOR_GRADES,
        reason="入门",
    )
    assert [a.user for a in made] == [junior]
    assert not assignments_of(user=senior).exists()


def test_it_assigns_a_new_junior_manager_the_junior_paths_only(junior, senior, junior_path):
    junior_path.required_for_new = True
    junior_path.save()
    assert [a.path for a in new_manager_onboard(user=junior)] == [junior_path]
    assert new_manager_onboard(user=senior) == []


def test_it_refuses_an_unknown_grade(junior_path):
    from kamdesk.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        learning_path_require(
            path=junior_path,
            deadline=dt.date(2099, 1, 1),
            roles=[Role.MANAGER],
            grades=["captain"],
            reason="x",
        )
    assert "grades" in err.value.errors


def test_a_supervisor_requires_a_path_of_some_grades_from_its_page(supervisor, junior, senior):
    path = path_make()
    client = client_for(supervisor)
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    client.post(
        f"/learning/p/{path.slug}/require/",
        {"deadline": deadline, "reason": "新资费上线", "grades": [ManagerGrade.JUNIOR]},
    )
    assert assignments_of(user=junior).count() == 1
    assert not assignments_of(user=senior).exists()


def test_the_api_requires_the_paths_own_grades_unless_told(supervisor, junior, senior, junior_path):
    url = f"/api/v1/learning/paths/{junior_path.slug}/require"
    body = {"deadline": (dt.date.today() + dt.timedelta(days=9)).isoformat(), "reason": "入门"}
    api = api_client_for(supervisor)
    made = api.post(url, body, content_type="application/json")
    assert made.status_code == 201 and len(made.json()) == 1
    told = api.post(url, {**body, "grades": ["senior"]}, content_type="application/json")
    assert told.status_code == 201
    assert assignments_of(user=senior).count() == 1


def test_the_team_page_shows_each_managers_grade(supervisor, manager):
    manager.grade = ManagerGrade.SENIOR
    manager.save()
    page = client_for(supervisor).get("/learning/team/").content.decode()
    assert "高级客户经理" in page
