"""A supervisor sees only their team's learning; a manager only their own."""

import datetime as dt

import pytest

from kamdesk.learning.selectors import learners_visible_to, team_view
from kamdesk.learning.services import path_assign
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db


def test_it_shows_a_supervisor_only_their_team(supervisor, manager, other_manager):
    path_assign(path=path_make(), user=other_manager, deadline=dt.date(2026, 1, 1), reason="x")
    rows = team_view(user=supervisor, on=dt.date(2026, 11, 28))
    assert [r.user for r in rows] == [manager]
    assert list(learners_visible_to(user=manager)) == [manager]


def test_it_counts_overdue_learning_of_the_team(supervisor, manager):
    path_assign(path=path_make(), user=manager, deadline=dt.date(2026, 11, 1), reason="x")
    (row,) = team_view(user=supervisor, on=dt.date(2026, 11, 28))
    assert (row.open_count, row.overdue_count, row.done_count) == (1, 1, 0)


def test_it_shows_a_backoffice_agent_nobodys_learning(backoffice, manager):
    assert list(learners_visible_to(user=backoffice)) == []
