"""SMS leave through the operator's gateway (a real HTTP server stands in for it): once
per message, retried with the same idempotency key when the gateway refuses, failed for
the administrator after the last attempt, and held until a gateway is configured."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.notifications.models import OutboundMessage, OutboxStatus
from kamdesk.notifications.outbox import MAX_ATTEMPTS, outbox_retry_due
from kamdesk.notifications.services import outbox_send_sms, outbox_sms
from tests.notifications.sms_gateway import sms_gateway

START = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def gateway(settings):
    with sms_gateway(settings) as server:
        yield server


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_it_posts_the_sms_to_the_gateway_once(db, gateway):
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k1")
    assert outbox_send_sms(message_id=row.pk) is True
    assert outbox_send_sms(message_id=row.pk) is False  # a second run sends nothing
    assert gateway.received == [
        {
            "id": str(row.pk),
            "to": "13812345678",
            "text": "您好",
            "auth": "Bearer t0ken",
            "key": f"kamdesk-sms-{row.pk}",
        }
    ]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (OutboxStatus.SENT, 1, None)
    assert outbox_retry_due(now=START + dt.timedelta(days=1)) == 0


def test_a_refusal_is_retried_later_with_the_same_key(db, gateway, clock):
    gateway.answers = [503]
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k2")
    assert outbox_send_sms(message_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == OutboxStatus.QUEUED and "503" in row.error
    assert row.next_attempt_at == START + dt.timedelta(minutes=5)

    assert outbox_retry_due() == 0  # not due yet
    clock.shift(dt.timedelta(minutes=5))
    assert outbox_retry_due() == 1  # the immediate task backend sends it now
    assert outbox_retry_due() == 0
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == (OutboxStatus.SENT, 2, "")
    assert [r["key"] for r in gateway.received] == [f"kamdesk-sms-{row.pk}"] * 2


def test_it_fails_for_good_after_the_last_attempt(db, gateway, clock):
    gateway.answers = [500] * MAX_ATTEMPTS
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k3")
    outbox_send_sms(message_id=row.pk)
    for _ in range(MAX_ATTEMPTS):
        clock.shift(dt.timedelta(hours=3))
        outbox_retry_due()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (
        OutboxStatus.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    assert "500" in row.error and len(gateway.received) == MAX_ATTEMPTS


def test_held_messages_leave_once_a_gateway_is_configured(db, settings, clock):
    settings.KAM_SMS_BACKEND = "hold"
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k4")
    assert outbox_send_sms(message_id=row.pk) is False
    clock.shift(dt.timedelta(hours=1))
    assert outbox_retry_due() == 0  # still no gateway: nothing is tried or used up
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 0)

    with sms_gateway(settings) as gateway:
        assert outbox_retry_due() == 1
    assert OutboundMessage.objects.get(pk=row.pk).status == OutboxStatus.SENT
    assert [r["text"] for r in gateway.received] == ["您好"]


def test_the_retry_is_scheduled_every_minute(db):
    from crontask import scheduler

    from kamdesk.notifications.tasks import retry_outbox

    jobs = {job.name: job for job in scheduler.get_jobs()}
    assert str(jobs[retry_outbox.name].trigger).startswith(
        "cron[month='*', day='*', day_of_week='*', hour='*', minute='*'"
    )


def test_a_message_waiting_for_a_busy_worker_is_not_handed_out_twice(db, gateway, clock, settings):
    # A worker that takes tasks but has not run them yet.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k5")
    clock.shift(dt.timedelta(minutes=5))
    assert outbox_retry_due() == 1  # handed to the worker, which has not run it yet
    clock.shift(dt.timedelta(minutes=1))
    assert outbox_retry_due() == 0
    clock.shift(dt.timedelta(minutes=5))
    assert outbox_retry_due() == 1  # the worker lost it: handed out again
    assert OutboundMessage.objects.get(pk=row.pk).status == OutboxStatus.QUEUED


def test_the_local_backend_writes_the_demo_file_outbox(db, settings, tmp_path):
    import json

    settings.KAM_SMS_BACKEND = "local"
    settings.KAM_SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    first = outbox_sms(to="13812345678", body="验证码 123456", dedup_key="f1")
    second = outbox_sms(to="13900000000", body="您的账单已发送", dedup_key="f2")
    assert outbox_send_sms(message_id=first.pk) and outbox_send_sms(message_id=second.pk)
    assert outbox_send_sms(message_id=first.pk) is False  # sent once, written once
    lines = [json.loads(x) for x in (tmp_path / "sms-outbox.jsonl").read_text().splitlines()]
    assert [(x["id"], x["to"], x["text"]) for x in lines] == [
        (first.pk, "13812345678", "验证码 123456"),
        (second.pk, "13900000000", "您的账单已发送"),
    ]
    assert OutboundMessage.objects.get(pk=first.pk).status == OutboxStatus.SENT
