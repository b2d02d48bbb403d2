"""The alert inbox: snooze hides a notification until its time, done files it away,
and the boxes and kind filter show what the user asks for."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.notifications.selectors import InboxFilters, inbox_of
from kamdesk.notifications.services import InboxError, notification_snooze, notify
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def titles(user, box: str = "inbox", group: str = "", now=NOW) -> list[str]:
    return [
        n.title for n in inbox_of(user=user, filters=InboxFilters(box=box, group=group), now=now)
    ]


@pytest.fixture
def alerts(manager):
    with time_machine.travel(NOW, tick=False):
        warn = notify(
            user=manager,
            kind="sla.warning",
            title="R1 即将超时",
            dedup_key="w1",
            url="/requests/1/",
        )
        esc = notify(user=manager, kind="sla.escalation", title="R2 已升级", dedup_key="e2")
        handed = notify(
            user=manager, kind="handover.received", title="3 个客户移交给您", dedup_key="h3"
        )
    return warn, esc, handed


def test_snooze_hides_until_the_time_then_it_comes_back_unread(manager, alerts):
    warn = alerts[0]
    with time_machine.travel(NOW, tick=False):
        client = client_for(manager)
        client.post(f"/notifications/{warn.pk}/snooze/", {"hours": "4"})
    assert "R1 即将超时" not in titles(manager)
    assert titles(manager, "snoozed") == ["R1 即将超时"]
    later = NOW + dt.timedelta(hours=4, minutes=1)
    assert "R1 即将超时" in titles(manager, "unread", now=later)


def test_done_files_it_away_and_can_be_undone(manager, alerts):
    esc = alerts[1]
    with time_machine.travel(NOW, tick=False):
        client = client_for(manager)
        client.post(f"/notifications/{esc.pk}/done/")
        assert "R2 已升级" not in titles(manager)
        assert titles(manager, "done") == ["R2 已升级"]
        client.post(f"/notifications/{esc.pk}/done/", {"undo": "1"})
        assert "R2 已升级" in titles(manager)


def test_the_kind_filter_and_the_page(manager, alerts):
    assert titles(manager, group="handover") == ["3 个客户移交给您"]
    assert set(titles(manager, group="sla")) == {"R1 即将超时", "R2 已升级"}
    with time_machine.travel(NOW, tick=False):
        html = client_for(manager).get("/notifications/?box=inbox&kind=handover").content.decode()
    assert "3 个客户移交给您" in html and "R1 即将超时" not in html


def test_snoozing_into_the_past_is_refused_and_others_cannot_touch_it(
    manager, other_manager, alerts
):
    with pytest.raises(InboxError):
        notification_snooze(
            user=manager, notification_id=alerts[0].pk, until=NOW - dt.timedelta(hours=1), now=NOW
        )
    with time_machine.travel(NOW, tick=False):
        assert (
            client_for(other_manager).post(f"/notifications/{alerts[0].pk}/done/").status_code
            == 404
        )
    alerts[0].refresh_from_db()
    assert alerts[0].done_at is None
