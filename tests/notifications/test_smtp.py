"""E-mails go out through Django's SMTP backend: checked against a real SMTP server
(aiosmtpd) on loopback."""

from __future__ import annotations

import socket
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from kamdesk.notifications.services import email_send, notify
from tests.factories import UserFactory


class Collect(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield handler
    controller.stop()


def test_it_sends_through_smtp(db, smtp):
    user = UserFactory(email="li@operator.example")
    row = notify(
        user=user,
        kind="sla.escalation",
        title="升级：R00000004 已超时",
        dedup_key="s1",
        url="/requests/4/",
        body="请跟进。",
    )
    assert email_send(notification_id=row.pk) is True
    assert email_send(notification_id=row.pk) is False  # claimed once, sent once
    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["To"] == "li@operator.example"
    assert "R00000004" in str(make_header(decode_header(received["Subject"])))
    assert "http://127.0.0.1:8000/requests/4/" in received.get_payload(decode=True).decode()


def test_a_refused_connection_is_retried_later(db, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 2},
        }
    }
    user = UserFactory(email="li@operator.example")
    row = notify(user=user, kind="sla.breach", title="超时", dedup_key="s2")
    assert email_send(notification_id=row.pk) is False
    row.refresh_from_db()
    assert row.email_state == "pending" and row.email_attempts == 1
    assert row.email_due_at is not None


def test_a_customers_email_is_retried_until_the_server_takes_it(db, settings, smtp):
    import datetime as dt

    import time_machine

    from kamdesk.notifications.outbox import outbox_retry_due
    from kamdesk.notifications.services import outbox_email, outbox_send_email

    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 2},
        }
    }
    start = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        row = outbox_email(
            to="qian@xingke.example.cn", subject="满意度", body="请评价", dedup_key="c1"
        )
        assert outbox_send_email(message_id=row.pk) is False  # the server refused
        row.refresh_from_db()
        assert row.status == "queued" and row.error and row.attempts == 1
        settings.MAILERS = working
        clock.shift(dt.timedelta(minutes=5))
        assert outbox_retry_due() == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert [m["To"] for m in smtp.messages] == ["qian@xingke.example.cn"]
