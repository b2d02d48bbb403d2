"""The daily e-mail digest of the alert inbox, at the time each member of staff chose.

``digests_send_due`` runs every few minutes under django-crontask's one scheduler and
processes whatever is due: a digest whose time has passed today and that was not sent
yet (the scheduler drops runs it missed, so a later run sends it), and failed ones
again. One ``DigestRun`` row per user and day, claimed by a conditional UPDATE before
the e-mail goes, makes a doubled or concurrent run send nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kamdesk.notifications.models import DigestRun, Notification, NotificationPreference

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
MAX_LISTED = 50
LOOKBACK = dt.timedelta(hours=24)


def digest_is_due(local_now: dt.datetime, digest_time: dt.time | None) -> bool:
    """Whether today's digest is due at ``local_now`` (pure: no database)."""
    return digest_time is not None and local_now.time() >= digest_time


def _since(user_id: int, day: dt.date, moment: dt.datetime) -> dt.datetime:
    last = (
        DigestRun.objects.filter(user_id=user_id, day__lt=day, state=DigestRun.State.SENT)
        .order_by("-day")
        .values_list("sent_at", flat=True)
        .first()
    )
    return max(last, moment - LOOKBACK) if last else moment - LOOKBACK


def digest_items(*, user_id: int, since: dt.datetime, now: dt.datetime) -> list[Notification]:
    """What the digest tells: inbox notifications (not done, not snoozed) since ``since``."""
    return list(
        Notification.objects.filter(user_id=user_id, done_at__isnull=True, created_at__gt=since)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .order_by("-created_at")[:MAX_LISTED]
    )


def _claim(run_id: int) -> bool:
    return bool(
        DigestRun.objects.filter(
            pk=run_id,
            state__in=[DigestRun.State.PENDING, DigestRun.State.FAILED],
            attempts__lt=MAX_ATTEMPTS,
        ).update(state=DigestRun.State.SENDING, attempts=F("attempts") + 1)
    )


def digest_send(*, run_id: int, now: dt.datetime | None = None) -> bool:
    """Send one claimed digest; False when someone else has it or nothing was to tell."""
    moment = now or timezone.now()
    if not _claim(run_id):
        return False
    run = DigestRun.objects.select_related("user").get(pk=run_id)
    items = digest_items(
        user_id=run.user_id, since=_since(run.user_id, run.day, moment), now=moment
    )
    if not items:
        DigestRun.objects.filter(pk=run.pk).update(state=DigestRun.State.EMPTY)
        return False
    try:
        _message(run, items).send()
    except Exception as exc:  # noqa: BLE001 - any SMTP error means "try again next run"
        log.warning("digest %s failed: %s", run.pk, exc)
        DigestRun.objects.filter(pk=run.pk).update(state=DigestRun.State.FAILED)
        return False
    DigestRun.objects.filter(pk=run.pk).update(
        state=DigestRun.State.SENT, sent_at=moment, items=len(items)
    )
    return True


def _message(run: DigestRun, items: list[Notification]) -> EmailMessage:
    from kamdesk.notifications.services import site_url

    with translation.override("zh-hans"):
        subject = _("[KAM Desk] Your daily digest: %(count)s notifications") % {"count": len(items)}
        body = render_to_string(
            "notifications/digest_email.txt",
            {
                "user": run.user,
                "day": run.day,
                "items": [(n, site_url(n.url) if n.url else "") for n in items],
                "inbox_url": site_url("/notifications/"),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[run.user.email])


def digests_send_due(*, now: dt.datetime | None = None) -> int:
    """Create today's digest for everyone whose time has come, then send every digest
    that waits or failed; returns how many e-mails were sent."""
    moment = now or timezone.now()
    local = timezone.localtime(moment)
    prefs = NotificationPreference.objects.filter(
        digest_enabled=True, digest_time__isnull=False, user__is_active=True
    ).exclude(user__email="")
    due = [
        p.user_id
        for p in prefs.only("user_id", "digest_time")
        if digest_is_due(local, p.digest_time)
    ]
    DigestRun.objects.bulk_create(
        [DigestRun(user_id=uid, day=local.date()) for uid in due], ignore_conflicts=True
    )
    waiting = DigestRun.objects.filter(
        state__in=[DigestRun.State.PENDING, DigestRun.State.FAILED],
        attempts__lt=MAX_ATTEMPTS,
        day__gte=local.date() - dt.timedelta(days=1),
    ).values_list("pk", flat=True)
    return sum(digest_send(run_id=pk, now=moment) for pk in list(waiting))
