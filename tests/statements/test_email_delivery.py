"""E-mail delivery against a real SMTP server in its own process (aiosmtpd on loopback):
the statement arrives as a MIME message with the protected PDF, which opens with the
password sent by SMS and not without; a refused recipient leads to retries and a report
to the manager; nothing is sent twice when the schedule runs twice."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from kamdesk.audit.models import AuditEvent
from kamdesk.notifications.models import Notification, OutboundMessage
from kamdesk.statements.models import Delivery
from kamdesk.statements.services.delivery import deliveries_send_due
from kamdesk.statements.services.schedule import schedule_run
from tests.statements.factories import preference
from tests.statements.helpers import pdf_text

pytestmark = pytest.mark.django_db
RUN_DAY = dt.date(2026, 11, 5)
START = dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC)


ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the SMTP server stopped: {process.stderr.read()!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the SMTP server did not start")


class Received:
    """What the server process has kept in its maildir."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir

    @property
    def messages(self) -> list:
        if not self.maildir.exists():
            return []
        return list(mailbox.Maildir(self.maildir, create=False))


@pytest.fixture
def smtp(settings, tmp_path):
    """A real SMTP server in its own process (aiosmtpd), on a free loopback port."""
    port, maildir = _free_port(), tmp_path / "maildir"
    handler = "tests.statements.smtp_server.RefusingMailbox"
    process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            handler,
            str(maildir),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        yield Received(maildir)
    finally:
        process.terminate()
        process.wait(timeout=10)


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
