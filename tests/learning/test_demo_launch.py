"""The demo shows a required path for a recently launched plan, and a path for junior
grades."""

import datetime as dt

import pytest
import time_machine

from kamdesk.learning.demo import learning_demo_load
from kamdesk.learning.models import Assignment, LaunchRule, LearningPath, TariffLaunch
from kamdesk.users.models import ManagerGrade, Role
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


@time_machine.travel(dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_requires_the_tariff_path_of_a_plan_launched_three_days_ago():
    PlanFactory(code="5G198", name="5G智享套餐(个人版)198元", segment="individual")
    for i, grade in enumerate(ManagerGrade.values):
        UserFactory(username=f"m{i}", role=Role.MANAGER, grade=grade)
    learning_demo_load(seed=1, today=TODAY)
    learning_demo_load(seed=1, today=TODAY)

    launch = TariffLaunch.objects.get()
    assert (launch.code, launch.launched_on) == ("5G198", TODAY - dt.timedelta(days=3))
    rule = LaunchRule.objects.get()
    due = TODAY - dt.timedelta(days=3) + dt.timedelta(days=rule.deadline_days)
    tariffs = Assignment.objects.filter(path=rule.path)
    assert tariffs.count() == 5 and {a.deadline for a in tariffs} == {due}
    assert "5G198" in tariffs.first().reason
    assert LearningPath.objects.get(slug="kam-basics").grades == ["trainee", "junior"]
