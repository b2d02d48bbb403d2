"""When a manager is absent, the backup sees their home items and acts for them — only
during the absence."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.users.models import Absence
from tests.conftest import client_for
from tests.factories import CustomerFactory, UserFactory
from tests.home.factories import make_ticket

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def backup(team):
    return UserFactory(username="manager_bk", role="manager", team=team, display_name="吴经理")


@pytest.fixture
def breaching(manager, backup):
    customer = CustomerFactory(manager=manager, backup_manager=backup, name="请假期间的客户")
    return make_ticket(
        customer=customer,
        opened_at=NOW - dt.timedelta(days=1),
        title="停机复机",
        due_at=NOW + dt.timedelta(hours=1),
        warn_at=NOW - dt.timedelta(hours=1),
    )


def test_the_backup_sees_and_acts_only_during_the_absence(manager, backup, breaching):
    Absence.objects.create(
        user=manager, starts_at=NOW - dt.timedelta(days=1), ends_at=NOW + dt.timedelta(days=2)
    )
    # Sessions expire after 30 idle minutes: sign in afresh at each moment.
    with time_machine.travel(NOW - dt.timedelta(days=2), tick=False):  # before
        client = client_for(backup)
        assert "停机复机" not in client.get("/home/panels/requests/").content.decode()
        assert client.get(f"/requests/{breaching.pk}/").status_code == 404

    with time_machine.travel(NOW, tick=False):  # during
        client = client_for(backup)
        home = client.get("/").content.decode()
        assert "standing-in" in home
        assert "停机复机" in client.get("/home/panels/requests/").content.decode()
        assert client.get(f"/requests/{breaching.pk}/").status_code == 200
        acted = client.post(f"/requests/{breaching.pk}/comment/", {"text": "已联系客户，今日处理"})
        assert acted.status_code in (200, 302)
        assert breaching.events.filter(kind="comment").exists()

    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):  # after
        client = client_for(backup)
        assert "停机复机" not in client.get("/home/panels/requests/").content.decode()
        assert client.get(f"/requests/{breaching.pk}/").status_code == 404
        assert client.post(f"/requests/{breaching.pk}/comment/", {"text": "x"}).status_code == 404
