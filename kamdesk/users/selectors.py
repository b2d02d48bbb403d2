"""Reads about staff: who is absent, whom a user acts for, tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kamdesk.core.crypto import token_hash
from kamdesk.users.models import Absence, ApiToken, Role, User


def user_is_absent(*, user: User, at: dt.datetime | None = None) -> bool:
    moment = at or timezone.now()
    return Absence.objects.filter(user=user, starts_at__lte=moment, ends_at__gt=moment).exists()


def absent_user_ids(*, at: dt.datetime | None = None) -> QuerySet[Absence, Any]:
    """Ids of the staff absent at ``at`` (a subquery for scope filters)."""
    moment = at or timezone.now()
    return Absence.objects.filter(starts_at__lte=moment, ends_at__gt=moment).values("user_id")


def team_member_ids(*, supervisor: User) -> QuerySet[User, Any]:
    return User.objects.filter(team__supervisor=supervisor).values("id")


def managers_for_choice(*, user: User) -> QuerySet[User]:
    """Managers a user may pick as manager or backup of a customer."""
    qs = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username")
    if user.role == Role.SUPERVISOR:
        return qs.filter(team__supervisor=user)
    return qs


def user_for_token(*, token: str) -> User | None:
    """The active user a bearer token belongs to, if it is valid, unexpired and not revoked."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


def token_in_use(*, authorization: str) -> ApiToken | None:
    """The live token row named by an ``Authorization: Bearer ...`` header."""
    scheme, _, raw = authorization.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return ApiToken.objects.filter(
        token_hash=token_hash(raw.strip()),
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
