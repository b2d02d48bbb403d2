"""Writes of notifications: tell a member of staff once, e-mail them when they wish, and
queue messages to customers in the outbox (``outbox.py``).

Everything here is safe to run twice: a notification's ``dedup_key`` and an outbound
message's are unique, and an e-mail is claimed by a conditional UPDATE before it is
sent, so two workers never send the same one.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.notifications.models import (
    EmailState,
    Notification,
    NotificationPreference,
)

# Messages to customers live in ``outbox.py``; every capability imports them from here.
from kamdesk.notifications.outbox import outbox_email as outbox_email
from kamdesk.notifications.outbox import outbox_send_email as outbox_send_email
from kamdesk.notifications.outbox import outbox_send_sms as outbox_send_sms
from kamdesk.notifications.outbox import outbox_sms as outbox_sms
from kamdesk.notifications.quiet import quiet_until
from kamdesk.users.models import User

log = logging.getLogger(__name__)
EMAIL_RETRY = dt.timedelta(minutes=5)
EMAIL_MAX_ATTEMPTS = 5
SEND_BATCH = 200


class InboxError(ValueError):
    """A preference, snooze or done that cannot be saved, with a message for the user."""


def preference_of(*, user: User) -> NotificationPreference:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(user=user)


def preference_save(
    *,
    user: User,
    email_enabled: bool,
    muted_kinds: list[str],
    quiet_start: dt.time | None,
    quiet_end: dt.time | None,
    digest_enabled: bool = False,
    digest_time: dt.time | None = None,
) -> NotificationPreference:
    if digest_enabled and digest_time is None:
        raise InboxError(_("Choose the time of the daily digest."))
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email_enabled": email_enabled,
            "muted_kinds": sorted(set(muted_kinds)),
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
            "digest_enabled": digest_enabled,
            "digest_time": digest_time,
        },
    )
    return pref


def _email_due(user: User, kind: str, now: dt.datetime) -> dt.datetime | None:
    """When to e-mail ``user`` about ``kind``: now, after their quiet hours, or never."""
    return _due_for(user, NotificationPreference.objects.filter(user=user).first(), kind, now)


def notify(
    *,
    user: User,
    kind: str,
    title: str,
    dedup_key: str,
    body: str = "",
    url: str = "",
    now: dt.datetime | None = None,
) -> Notification | None:
    """Tell ``user`` once; None when ``dedup_key`` was told already (nothing is sent)."""
    moment = now or timezone.now()
    due = _email_due(user, kind, moment)
    try:
        with transaction.atomic():
            row = Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:200],
                body=body,
                url=url[:300],
                dedup_key=dedup_key[:200],
                email_state=EmailState.PENDING if due else EmailState.NONE,
                email_due_at=due,
            )
    except IntegrityError:
        return None
    if due is not None and due <= moment:
        transaction.on_commit(lambda: _enqueue_email(row.pk))
    return row


@dataclass(frozen=True)
class Notice:
    """One notification to write with ``notify_many``."""

    user: User
    kind: str
    title: str
    dedup_key: str
    url: str = ""
    body: str = ""


def notify_many(*, notices: list[Notice], now: dt.datetime | None = None) -> int:
    """Write many notifications in one insert (the periodic sweep); those whose
    ``dedup_key`` exists already are skipped. Due e-mails go to one background task."""
    if not notices:
        return 0
    moment = now or timezone.now()
    prefs = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user_id__in={n.user.pk for n in notices})
    }
    rows = []
    for n in notices:
        due = _due_for(n.user, prefs.get(n.user.pk), n.kind, moment)
        rows.append(
            Notification(
                user=n.user,
                kind=n.kind,
                title=n.title[:200],
                body=n.body,
                url=n.url[:300],
                dedup_key=n.dedup_key[:200],
                email_due_at=due,
                email_state=EmailState.PENDING if due else EmailState.NONE,
            )
        )
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(r.email_due_at and r.email_due_at <= moment for r in rows):
        transaction.on_commit(_enqueue_due_emails)
    return len(created)


def _due_for(
    user: User, pref: NotificationPreference | None, kind: str, now: dt.datetime
) -> dt.datetime | None:
    pref = pref or NotificationPreference(user=user)
    if not user.email or not pref.email_enabled or kind in (pref.muted_kinds or []):
        return None
    return quiet_until(timezone.localtime(now), pref.quiet_start, pref.quiet_end).astimezone(dt.UTC)


def _enqueue_due_emails() -> None:
    from kamdesk.notifications.tasks import send_due_emails

    send_due_emails.enqueue()


def _enqueue_email(notification_id: int) -> None:
    from kamdesk.notifications.tasks import send_notification_email

    send_notification_email.enqueue(notification_id)


def email_send(*, notification_id: int, now: dt.datetime | None = None) -> bool:
    """Send one pending e-mail if it is due and nobody else has claimed it."""
    moment = now or timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_state=EmailState.PENDING, email_due_at__lte=moment
    ).update(email_state=EmailState.SENDING, email_attempts=F("email_attempts") + 1)
    if not claimed:
        return False
    row = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        _email_of(row).send()
    except Exception as exc:  # noqa: BLE001 - any SMTP or network error means "try again"
        log.warning("e-mail of notification %s failed: %s", row.pk, exc)
        failed = row.email_attempts >= EMAIL_MAX_ATTEMPTS
        Notification.objects.filter(pk=row.pk).update(
            email_state=EmailState.FAILED if failed else EmailState.PENDING,
            email_due_at=moment + EMAIL_RETRY,
        )
        return False
    Notification.objects.filter(pk=row.pk).update(email_state=EmailState.SENT, emailed_at=moment)
    return True


def _email_of(row: Notification) -> EmailMessage:
    body = row.body
    if row.url:
        body = f"{body}\n\n{site_url(row.url)}".strip()
    return EmailMessage(subject=f"[KAM Desk] {row.title}", body=body, to=[row.user.email])


def site_url(path: str) -> str:
    """An absolute link for e-mails and SMS (``KAM_SITE_URL`` + path)."""
    return f"{settings.KAM_SITE_URL.rstrip('/')}{path}"


def emails_send_due(*, now: dt.datetime | None = None) -> int:
    """Send every e-mail that is due (quiet hours over, retries due); returns how many."""
    moment = now or timezone.now()
    sent = 0
    ids = list(
        Notification.objects.filter(email_state=EmailState.PENDING, email_due_at__lte=moment)
        .order_by("email_due_at")
        .values_list("pk", flat=True)[:SEND_BATCH]
    )
    for pk in ids:
        sent += email_send(notification_id=pk, now=moment)
    return sent


def notification_read(*, user: User, notification_id: int) -> Notification | None:
    row = Notification.objects.filter(user=user, pk=notification_id).first()
    if row is not None and row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at", "updated_at"])
    return row


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_snooze(
    *, user: User, notification_id: int, until: dt.datetime, now: dt.datetime | None = None
) -> Notification | None:
    """Hide a notification from the inbox until ``until`` (it comes back unread)."""
    moment = now or timezone.now()
    if until <= moment:
        raise InboxError(_("Choose a time in the future to snooze until."))
    row = Notification.objects.filter(user=user, pk=notification_id).first()
    if row is None:
        return None
    row.snoozed_until, row.read_at, row.done_at = until, None, None
    row.save(update_fields=["snoozed_until", "read_at", "done_at", "updated_at"])
    return row


def notification_done(
    *, user: User, notification_id: int, done: bool = True, now: dt.datetime | None = None
) -> Notification | None:
    """Mark a notification done (it leaves the inbox) or, with ``done=False``, back to do."""
    row = Notification.objects.filter(user=user, pk=notification_id).first()
    if row is None:
        return None
    moment = now or timezone.now()
    row.done_at = moment if done else None
    row.snoozed_until = None
    if done and row.read_at is None:
        row.read_at = moment
    row.save(update_fields=["done_at", "snoozed_until", "read_at", "updated_at"])
    return row
