"""Account managers have a grade (见习 to 资深): shown with their name, for managers only."""

import pytest
from django.core.exceptions import ValidationError

from kamdesk.users.models import ManagerGrade, Role
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_managers_grade_where_the_role_was_shown():
    manager = UserFactory(username="m1", grade=ManagerGrade.TRAINEE)
    page = client_for(manager).get("/learning/").content.decode()
    assert '<span class="kd-role">见习客户经理</span>' in page
    supervisor = UserFactory(username="s1", role=Role.SUPERVISOR)
    assert supervisor.title == str(Role.SUPERVISOR.label)


def test_it_refuses_a_grade_for_a_role_other_than_manager():
    supervisor = UserFactory.build(username="s1", role=Role.SUPERVISOR, grade=ManagerGrade.SENIOR)
    with pytest.raises(ValidationError) as err:
        supervisor.clean()
    assert "grade" in err.value.message_dict
    UserFactory.build(username="m1", grade=ManagerGrade.SENIOR).clean()
