"""The daily digest e-mail goes at the time the user chose, once a day even when the
scheduler runs twice or late, and again after a failure."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from kamdesk.notifications.digest import digest_is_due, digests_send_due
from kamdesk.notifications.models import DigestRun, Notification
from kamdesk.notifications.services import notify, preference_save
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(hh: int, mm: int = 0, day: int = 25) -> dt.datetime:
    return dt.datetime(2026, 11, day, hh, mm, tzinfo=SHANGHAI)


@pytest.fixture
def subscriber(manager):
    manager.email = "manager_a@kam.example.cn"
    manager.save()
    preference_save(
        user=manager,
        email_enabled=False,
        muted_kinds=[],
        quiet_start=None,
        quiet_end=None,
        digest_enabled=True,
        digest_time=dt.time(8, 30),
    )
    with time_machine.travel(at(7, 0), tick=False):
        notify(
            user=manager,
            kind="sla.warning",
            title="R1 即将超时",
            dedup_key="d1",
            url="/requests/1/",
        )
        done = notify(user=manager, kind="sla.warning", title="R9 已处理", dedup_key="d9")
    Notification.objects.filter(pk=done.pk).update(done_at=at(7, 5))
    return manager


def test_it_is_due_from_the_chosen_time_on():
    assert not digest_is_due(at(8, 29), dt.time(8, 30))
    assert digest_is_due(at(8, 30), dt.time(8, 30))
    assert not digest_is_due(at(9), None)


def test_it_sends_once_at_the_chosen_time(subscriber):
    assert digests_send_due(now=at(8, 25)) == 0
    assert digests_send_due(now=at(8, 35)) == 1
    assert digests_send_due(now=at(8, 40)) == 0  # a doubled run
    assert digests_send_due(now=at(11, 0)) == 0  # a late run
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "R1 即将超时" in body and "/requests/1/" in body
    assert "R9 已处理" not in body  # done: not in the digest


def test_a_missed_run_is_made_up_by_the_next_one(subscriber):
    assert digests_send_due(now=at(13, 5)) == 1  # nothing ran at 08:30


def test_a_failed_send_is_retried(subscriber, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.test_daily_digest.Broken"}}
    assert digests_send_due(now=at(8, 35)) == 0
    assert DigestRun.objects.get().state == "failed"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert digests_send_due(now=at(8, 40)) == 1
    assert DigestRun.objects.get().state == "sent"


def test_nothing_to_tell_sends_nothing(manager):
    manager.email = "m@kam.example.cn"
    manager.save()
    preference_save(
        user=manager,
        email_enabled=True,
        muted_kinds=[],
        quiet_start=None,
        quiet_end=None,
        digest_enabled=True,
        digest_time=dt.time(8, 0),
    )
    assert digests_send_due(now=at(9)) == 0
    assert DigestRun.objects.get().state == "empty" and not mail.outbox


def test_the_preferences_page_needs_a_time_for_the_digest(manager):
    client = client_for(manager)
    page = client.post("/notifications/preferences/", {"digest_enabled": "on"})
    assert page.status_code == 200 and "digest_time" in page.context["form"].errors


class Broken:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")
