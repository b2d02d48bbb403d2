"""Writes about staff: API tokens, absences."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from kamdesk.audit.services import audit_record
from kamdesk.core.crypto import token_hash
from kamdesk.core.errors import ValidationFailed
from kamdesk.users.models import Absence, ApiToken, User


def token_create(*, username: str, password: str, ip: str | None = None) -> tuple[str, ApiToken]:
    """Exchange a username and password for a new bearer token (returned once, stored hashed)."""
    user = authenticate(username=username, password=password)
    if user is None or not isinstance(user, User):
        audit_record(actor=None, action="auth.token.failed", extra={"username": username}, ip=ip)
        raise ValidationFailed({"password": ["Wrong username or password."]})
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user,
            token_hash=token_hash(raw),
            prefix=raw[:8],
            expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit_record(actor=user, action="auth.token.created", target=row, ip=ip)
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
            actor=actor, action="staff.absence.created", target=absence,
            extra={"user": user.username, "starts_at": starts_at.isoformat(),
                   "ends_at": ends_at.isoformat()},
        )
    return absence
