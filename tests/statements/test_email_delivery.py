"""E-mail delivery against a real SMTP server (aiosmtpd on loopback): the statement
arrives as a MIME message with the protected PDF, which opens with the password sent by
SMS and not without; a refused recipient leads to retries and a report to the manager;
nothing is sent twice when the schedule runs twice."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from pypdf import PdfReader

from kamdesk.audit.models import AuditEvent
from kamdesk.notifications.models import Notification, OutboundMessage
from kamdesk.statements.models import Delivery
from kamdesk.statements.services.delivery import deliveries_send_due, schedule_run
from tests.statements.factories import preference
from tests.statements.helpers import pdf_text

pytestmark = pytest.mark.django_db
RUN_DAY = dt.date(2026, 11, 5)
START = dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC)


class Collect(Message):
    """Keeps every message; refuses recipients at ``nobody@``."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

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


def _password(delivery: Delivery) -> str:
    sms = OutboundMessage.objects.get(dedup_key=f"statement-password:{delivery.pk}")
    assert sms.recipient == delivery.phone and sms.channel == "sms"
    return re.search(r"密码：(\d{8})", sms.body).group(1)


@time_machine.travel(START)
def test_the_statement_arrives_as_a_protected_pdf_that_opens_with_the_sms_password(
    smtp, group, authorisation
):
    preference(group)
    assert schedule_run(today=RUN_DAY) == {"prepared": 1, "sent": 1}
    delivery = Delivery.objects.select_related("statement").get()
    assert delivery.status == "sent" and delivery.attempts == 1

    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["To"] == "wang@njsteel.example"
    attachments = [p for p in received.walk() if p.get_content_type() == "application/pdf"]
    assert len(attachments) == 1
    data = attachments[0].get_payload(decode=True)
    assert attachments[0].get_filename() == f"{delivery.statement.number}.pdf"

    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert not reader.decrypt("00000000")  # the wrong password opens nothing
    password = _password(delivery)
    assert password not in received.as_string()  # the password travels separately
    assert reader.decrypt(password)
    assert reader.metadata is not None
    text = pdf_text(data, password=password)
    assert delivery.statement.number in text
    with pytest.raises(Exception):  # noqa: B017 - pdftotext refuses without the password
        pdf_text(data)
    assert AuditEvent.objects.filter(action="statement.sent").count() == 1


@time_machine.travel(START)
def test_nothing_is_sent_twice_when_the_schedule_runs_twice(smtp, group, authorisation):
    preference(group)
    schedule_run(today=RUN_DAY)
    assert schedule_run(today=RUN_DAY) == {"prepared": 0, "sent": 0}
    assert deliveries_send_due(now=START + dt.timedelta(hours=1)) == 0
    assert len(smtp.messages) == 1
    assert Delivery.objects.count() == 1
    assert OutboundMessage.objects.filter(dedup_key__startswith="statement-password:").count() == 1


@time_machine.travel(START)
def test_a_refused_recipient_is_retried_with_back_off_then_reported(
    smtp, group, authorisation, manager
):
    preference(group, email="nobody@njsteel.example")
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "queued" and delivery.attempts == 1
    assert "No such user" in delivery.last_error
    first_retry = delivery.next_attempt_at
    assert deliveries_send_due(now=first_retry - dt.timedelta(seconds=1)) == 0  # not yet due

    now = first_retry
    for _attempt in range(3):
        assert deliveries_send_due(now=now) == 0
        delivery.refresh_from_db()
        now = delivery.next_attempt_at or now
    assert delivery.status == "failed" and delivery.attempts == 4
    assert delivery.reported_at is not None
    assert delivery.next_attempt_at is None
    assert smtp.messages == []
    report = Notification.objects.get(user=manager, kind="statement.delivery_failed")
    assert "南京钢铁集团" in report.title
    assert AuditEvent.objects.filter(action="statement.delivery_failed").count() == 1
