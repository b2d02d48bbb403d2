"""Messages to customers' contacts (the outbox): e-mail, and SMS through the operator's
gateway (``sms.py``).

A message is written once per ``dedup_key`` and handed to a worker after the
transaction commits. Sending claims the row by a conditional UPDATE (queued → sent), so
two workers never send it twice. A send that fails goes back to ``queued`` with the
error and the time of its next attempt, after 5 minutes, 30 minutes and 2 hours; after
the last attempt it stays ``failed`` for the administrator. The per-minute task
``retry_outbox`` sends whatever is due again, including SMS held while no gateway was
configured (``KAM_SMS_BACKEND=hold``). The gateway receives the message id as its
idempotency key on every attempt, so a retried SMS is not delivered twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kamdesk.notifications.models import OutboundMessage, OutboxChannel, OutboxStatus

log = logging.getLogger(__name__)
RETRY_AFTER = (dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
RETRY_BATCH = 200


def _queue(
    *, channel: str, to: str, body: str, dedup_key: str, subject: str = ""
) -> OutboundMessage | None:
    now = timezone.now()
    try:
        with transaction.atomic():
            row = OutboundMessage.objects.create(
                channel=channel,
                recipient=to,
                subject=subject[:200],
                body=body,
                dedup_key=dedup_key[:200],
                # A safety net: should the worker lose the task, the retry sends it.
                next_attempt_at=now + RETRY_AFTER[0],
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(row.pk, channel))
    return row


def outbox_email(*, to: str, subject: str, body: str, dedup_key: str) -> OutboundMessage | None:
    """E-mail a customer's contact once per ``dedup_key``; the outbox keeps what was sent."""
    return _queue(
        channel=OutboxChannel.EMAIL, to=to, subject=subject, body=body, dedup_key=dedup_key
    )


def outbox_sms(*, to: str, body: str, dedup_key: str) -> OutboundMessage | None:
    """Queue an SMS to a customer's contact once per ``dedup_key``; a worker hands it to
    the SMS gateway after the transaction commits (``sms.py`` says how)."""
    return _queue(channel=OutboxChannel.SMS, to=to, body=body, dedup_key=dedup_key)


def _enqueue(message_id: int, channel: str) -> None:
    from kamdesk.notifications.tasks import send_outbox_email, send_outbox_sms

    (send_outbox_sms if channel == OutboxChannel.SMS else send_outbox_email).enqueue(message_id)


def _claim(message_id: int, channel: str) -> OutboundMessage | None:
    claimed = OutboundMessage.objects.filter(
        pk=message_id, channel=channel, status=OutboxStatus.QUEUED
    ).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        next_attempt_at=None,
        error="",
    )
    return OutboundMessage.objects.get(pk=message_id) if claimed else None


def _failed(row: OutboundMessage, error: str) -> None:
    """Back to the queue for another attempt, or failed for good after the last one."""
    last = row.attempts >= MAX_ATTEMPTS
    OutboundMessage.objects.filter(pk=row.pk).update(
        status=OutboxStatus.FAILED if last else OutboxStatus.QUEUED,
        sent_at=None,
        error=error[:300],
        next_attempt_at=None if last else timezone.now() + RETRY_AFTER[row.attempts - 1],
    )


def outbox_send_email(*, message_id: int) -> bool:
    """Send one queued e-mail; safe to run twice."""
    row = _claim(message_id, OutboxChannel.EMAIL)
    if row is None:
        return False
    try:
        EmailMessage(subject=row.subject, body=row.body, to=[row.recipient]).send()
    except Exception as exc:  # noqa: BLE001 - recorded on the row, and tried again
        log.warning("e-mail %s to a customer failed: %s", row.pk, exc)
        _failed(row, str(exc))
        return False
    return True


def outbox_send_sms(*, message_id: int) -> bool:
    """Send one queued SMS; safe to run twice. While no gateway is configured (``hold``)
    the message stays queued, untouched, for the retry to send later."""
    from kamdesk.notifications.sms import sms_backend, sms_deliver

    if sms_backend() == "hold":
        return False
    row = _claim(message_id, OutboxChannel.SMS)
    if row is None:
        return False
    result = sms_deliver(message_id=row.pk, to=row.recipient, text=row.body)
    if not result.sent:
        _failed(row, result.error)
    return result.sent


def outbox_retry_due(*, now: dt.datetime | None = None) -> int:
    """Hand every queued message whose next attempt is due to a worker; returns how many."""
    from kamdesk.notifications.sms import sms_backend

    moment = now or timezone.now()
    due = OutboundMessage.objects.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=moment)
    if sms_backend() == "hold":
        due = due.exclude(channel=OutboxChannel.SMS)
    rows = list(due.order_by("next_attempt_at").values_list("pk", "channel")[:RETRY_BATCH])
    # Not handed out again next minute while a busy worker has yet to claim them.
    OutboundMessage.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        next_attempt_at=moment + RETRY_AFTER[0]
    )
    for pk, channel in rows:
        _enqueue(pk, channel)
    return len(rows)
