"""The path page says which tariff launches require it."""

import pytest

from kamdesk.learning.models import LaunchRule
from kamdesk.users.models import ManagerGrade
from tests.conftest import client_for
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db


def test_it_shows_the_launch_rule_on_the_path_page(manager):
    path = path_make()
    LaunchRule.objects.create(
        path=path, segment="group", grades=[ManagerGrade.JUNIOR], deadline_days=21
    )
    LaunchRule.objects.create(path=path, codes=["X1"], is_active=False)
    page = client_for(manager).get(f"/learning/p/{path.slug}/").content.decode()
    assert page.count('class="list-group-item small"') == 1
    assert "group" in page and "初级客户经理" in page and "21" in page
