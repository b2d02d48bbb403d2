"""One-time codes sent to a customer's number by SMS, and their checking.

Capabilities call ``code_send`` with a purpose and a subject (``"visit"``,
``"visit:42"``) and later ``code_check`` with what the customer read out or typed.
A code has six digits, is valid ``OTP_VALID_MINUTES`` (10), allows ``OTP_MAX_ATTEMPTS``
(5) wrong guesses, and works once; a new code for the same purpose and subject
replaces the earlier one. Only an HMAC of the code is stored, and the number only masked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.notifications.models import OneTimeCode
from kamdesk.notifications.services import outbox_sms
from kamdesk.users.models import User

RESEND_AFTER = dt.timedelta(seconds=60)


def _digest(code_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"otp:{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def code_send(
    *,
    purpose: str,
    subject: str,
    number: str,
    text: str,
    actor: User | None = None,
    now: dt.datetime | None = None,
) -> OneTimeCode:
    """Send a fresh code. ``text`` holds ``{code}`` and ``{minutes}`` where they go.

    Refuses (``field: code``) when a code for the same subject went out less than a
    minute ago, so a button pressed twice does not send two messages.
    """
    now = now or timezone.now()
    latest = OneTimeCode.objects.filter(purpose=purpose, subject=subject).first()
    if latest is not None and latest.used_at is None and now - latest.created_at < RESEND_AFTER:
        raise ValidationFailed({"code": [_("A code was sent less than a minute ago.")]})
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = settings.OTP_VALID_MINUTES
    with transaction.atomic():
        row = OneTimeCode.objects.create(
            purpose=purpose,
            subject=subject,
            recipient_masked=mask_number(number),
            code_hash="-",
            expires_at=now + dt.timedelta(minutes=minutes),
            requested_by=actor,
        )
        OneTimeCode.objects.filter(purpose=purpose, subject=subject, used_at=None).exclude(
            pk=row.pk
        ).update(expires_at=now)
        message = outbox_sms(
            to=number, body=text.format(code=code, minutes=minutes), dedup_key=f"otp:{row.pk}"
        )
        row.code_hash = _digest(row.pk, code)
        row.message = message
        row.save(update_fields=["code_hash", "message"])
    return row


def code_check(
    *, purpose: str, subject: str, code: str, now: dt.datetime | None = None
) -> OneTimeCode:
    """Use the current code of ``subject``; raise ``ValidationFailed`` on ``code`` with
    the reason (none sent, expired, used, too many attempts, wrong).

    Call it before opening the transaction that acts on the confirmation: a wrong guess
    is counted in its own transaction, which a caller's rollback would otherwise undo.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update().filter(purpose=purpose, subject=subject).first()
        )
        problem = _problem(row, now)
        if not problem and row is not None:
            if hmac.compare_digest(row.code_hash, _digest(row.pk, code.strip())):
                if OneTimeCode.objects.filter(pk=row.pk, used_at=None).update(used_at=now):
                    row.used_at = now
                    return row
                problem = _("This code has been used already.")
            else:
                OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
                left = max(settings.OTP_MAX_ATTEMPTS - row.attempts - 1, 0)
                problem = _("The code is wrong; %(left)s attempts left.") % {"left": left}
    raise ValidationFailed({"code": [problem]})


def _problem(row: OneTimeCode | None, now: dt.datetime) -> str:
    if row is None:
        return _("No code has been sent; send one first.")
    if row.used_at is not None:
        return _("This code has been used already.")
    if row.expires_at <= now:
        return _("The code has expired; send a new one.")
    if row.attempts >= settings.OTP_MAX_ATTEMPTS:
        return _("Too many wrong attempts; send a new code.")
    return ""
