"""A manager who just joined gets the paths required of new managers, once."""

import datetime as dt

import pytest
import time_machine

from kamdesk.learning.models import Assignment
from kamdesk.learning.services import learning_sweep
from kamdesk.users.models import Role
from tests.factories import UserFactory
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_assigns_new_manager_paths_to_new_managers_only():
    path = path_make()
    path.required_for_new = True
    path.new_manager_days = 20
    path.save()
    newcomer = UserFactory(username="newcomer", role=Role.MANAGER)
    veteran = UserFactory(username="veteran", role=Role.MANAGER)
    veteran.date_joined = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    veteran.save()
    day = dt.date(2026, 11, 28)
    assert learning_sweep(today=day)["new_manager_assigned"] == 1
    assert learning_sweep(today=day)["new_manager_assigned"] == 0
    (a,) = Assignment.objects.all()
    assert (a.user, a.deadline) == (newcomer, dt.date(2026, 12, 18))
