"""The demo loads five paths and over a hundred questions, once."""

import datetime as dt

import pytest

from kamdesk.learning.demo import learning_demo_load
from kamdesk.learning.models import Assignment, LearningPath, Question
from kamdesk.users.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_loads_paths_questions_and_managers_once():
    for i in range(4):
        UserFactory(username=f"m{i}", role=Role.MANAGER)
    learning_demo_load(seed=1, today=dt.date(2026, 11, 28))
    learning_demo_load(seed=1, today=dt.date(2026, 11, 28))
    assert LearningPath.objects.count() >= 5
    assert Question.objects.count() >= 100
    assert all(q.choices.filter(is_correct=True).exists() for q in Question.objects.all())
    assert Assignment.objects.filter(deadline__lt=dt.date(2026, 11, 28)).count() == 1
    assert Assignment.objects.filter(path__slug="tariffs-2026").count() == 4
