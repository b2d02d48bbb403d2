"""A required path for a new tariff reaches every manager it targets, with its deadline."""

import datetime as dt

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.learning.selectors import assignments_of
from kamdesk.learning.services import learning_path_require
from kamdesk.notifications.models import Notification
from kamdesk.users.models import Role
from tests.factories import UserFactory
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db


def test_it_assigns_a_launch_path_to_every_targeted_manager(
    manager, other_manager, supervisor, backoffice
):
    gone = UserFactory(username="left", role=Role.MANAGER, is_active=False)
    path = path_make()
    deadline = dt.date.today() + dt.timedelta(days=14)
    made = learning_path_require(
        path=path, deadline=deadline, roles=["manager"], reason="5G新套餐上线"
    )
    assert {a.user for a in made} == {manager, other_manager}
    for person in (manager, other_manager):
        mine = list(assignments_of(user=person))
        assert [(a.path, a.deadline) for a in mine] == [(path, deadline)]
        assert Notification.objects.filter(user=person, kind="learning_assigned").count() == 1
    assert not assignments_of(user=supervisor).exists()
    assert not assignments_of(user=gone).exists()


def test_it_requires_it_once_even_when_published_twice(manager):
    path = path_make()
    deadline = dt.date.today() + dt.timedelta(days=14)
    learning_path_require(path=path, deadline=deadline, roles=["manager"], reason="上线")
    learning_path_require(path=path, deadline=deadline, roles=["manager"], reason="上线")
    assert assignments_of(user=manager).count() == 1
    assert Notification.objects.filter(user=manager, kind="learning_assigned").count() == 1


def test_it_names_the_field_of_bad_input(manager):
    path = path_make()
    with pytest.raises(ValidationFailed) as err:
        learning_path_require(
            path=path, deadline=dt.date(2000, 1, 1), roles=["manager"], reason="x"
        )
    assert "deadline" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        learning_path_require(path=path, deadline=dt.date(2099, 1, 1), roles=["pilot"], reason="x")
    assert "roles" in err.value.errors
