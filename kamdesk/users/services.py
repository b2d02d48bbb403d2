"""Writes about staff: API tokens, absences."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.crypto import token_hash
from kamdesk.core.errors import ValidationFailed
from kamdesk.security.mfa import mfa_needed, totp_check
from kamdesk.users.models import Absence, ApiToken, User


def token_create(
    *, username: str, password: str, otp: str = "", ip: str | None = None
) -> tuple[str, ApiToken]:
    """Exchange a username and password (and the second factor, for those who have one)
    for a new bearer token, returned once and stored hashed.

    Failures are audited and counted for lock-out by the sign-in failure signal.
    """
    user = authenticate(request=None, username=username, password=password)
    if user is None or not isinstance(user, User):
        raise ValidationFailed({"password": [_("Wrong username or password.")]})
    if mfa_needed(user) and not totp_check(user=user, code=otp):
        raise ValidationFailed({"otp": [_("Enter the current code of your authenticator.")]})
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user,
            token_hash=token_hash(raw),
            prefix=raw[:8],
            expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit_record(
            actor=user,
            action="auth.token.created",
            target=row,
            ip=ip,
            extra={"expires_at": row.expires_at.isoformat()},
        )
    return raw, row


def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="auth.token.revoked", target=token)
    return token


def absence_create(
    *, user: User, starts_at: dt.datetime, ends_at: dt.datetime, reason: str, actor: User
) -> Absence:
    if ends_at <= starts_at:
        raise ValidationFailed({"ends_at": ["The absence must end after it starts."]})
    with transaction.atomic():
        absence = Absence.objects.create(
            user=user, starts_at=starts_at, ends_at=ends_at, reason=reason
        )
        audit_record(
            actor=actor,
            action="staff.absence.created",
            target=absence,
            extra={
                "user": user.username,
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
            },
        )
    return absence
