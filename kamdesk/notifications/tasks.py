"""Background work of notifications (django.tasks; safe to run twice)."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from kamdesk.notifications.services import email_send


@task
def send_notification_email(notification_id: int) -> bool:
    return email_send(notification_id=notification_id)


@task
def send_outbox_email(message_id: int) -> bool:
    from kamdesk.notifications.services import outbox_send_email

    return outbox_send_email(message_id=message_id)


@task
def send_outbox_sms(message_id: int) -> bool:
    from kamdesk.notifications.services import outbox_send_sms

    return outbox_send_sms(message_id=message_id)


@cron("* * * * *")
@task
def retry_outbox() -> int:
    """Every minute: messages to customers whose next attempt is due (safe to run twice:
    each send claims its message first)."""
    from kamdesk.notifications.outbox import outbox_retry_due

    return outbox_retry_due()


@task
def send_due_emails() -> int:
    from kamdesk.notifications.services import emails_send_due

    return emails_send_due()


@cron("*/5 * * * *")
@task
def send_daily_digests() -> int:
    """Every five minutes: the digests whose time has come (safe to run twice)."""
    from kamdesk.notifications.digest import digests_send_due

    return digests_send_due()
