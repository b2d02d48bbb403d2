"""Quiet hours hold e-mails until they end; in-app notifications appear at once."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from kamdesk.notifications.models import EmailState, Notification
from kamdesk.notifications.quiet import in_quiet_hours, quiet_until
from kamdesk.notifications.services import emails_send_due, notify, preference_save
from tests.factories import UserFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.nodb
def test_quiet_hours_may_cross_midnight():
    night = (dt.time(22, 0), dt.time(7, 0))
    assert in_quiet_hours(dt.time(23, 30), *night) and in_quiet_hours(dt.time(6, 59), *night)
    assert not in_quiet_hours(dt.time(7, 0), *night)
    assert not in_quiet_hours(dt.time(12, 0), *night)
    late = dt.datetime(2026, 11, 25, 23, 30, tzinfo=SHANGHAI)
    assert quiet_until(late, *night) == dt.datetime(2026, 11, 26, 7, 0, tzinfo=SHANGHAI)
    early = dt.datetime(2026, 11, 26, 5, 0, tzinfo=SHANGHAI)
    assert quiet_until(early, *night) == dt.datetime(2026, 11, 26, 7, 0, tzinfo=SHANGHAI)
    noon = dt.datetime(2026, 11, 26, 12, 0, tzinfo=SHANGHAI)
    assert quiet_until(noon, *night) == noon


def test_an_email_waits_for_the_end_of_quiet_hours(db):
    user = UserFactory(email="li@operator.example")
    preference_save(
        user=user,
        email_enabled=True,
        muted_kinds=[],
        quiet_start=dt.time(22, 0),
        quiet_end=dt.time(7, 0),
    )
    night = dt.datetime(2026, 11, 25, 15, 30, tzinfo=dt.UTC)  # 23:30 in Shanghai
    with time_machine.travel(night, tick=False):
        row = notify(user=user, kind="sla.breach", title="R00000003 已超时", dedup_key="q1")
        assert row.email_state == EmailState.PENDING
        assert emails_send_due() == 0 and mail.outbox == []
    morning = dt.datetime(2026, 11, 25, 23, 0, tzinfo=dt.UTC)  # 07:00 in Shanghai
    assert emails_send_due(now=morning) == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=row.pk).email_state == EmailState.SENT


def test_preferences_turn_emails_off_per_kind(db):
    user = UserFactory(email="li@operator.example")
    preference_save(
        user=user, email_enabled=True, muted_kinds=["sla.warning"], quiet_start=None, quiet_end=None
    )
    muted = notify(user=user, kind="sla.warning", title="快到期", dedup_key="p1")
    wanted = notify(user=user, kind="sla.escalation", title="升级", dedup_key="p2")
    assert muted.email_state == EmailState.NONE
    assert wanted.email_state == EmailState.PENDING


def test_the_preferences_page_saves(db):
    from tests.conftest import client_for

    user = UserFactory(email="li@operator.example")
    answer = client_for(user).post(
        "/notifications/preferences/",
        {
            "email_enabled": "on",
            "muted_kinds": ["sla.warning"],
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
    )
    assert answer.status_code == 302
    pref = user.notification_preference
    assert pref.muted_kinds == ["sla.warning"] and pref.quiet_end == dt.time(7, 0)
