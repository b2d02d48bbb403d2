"""Sign-in events and lock-out: counters per username and per client address.

Defaults: 5 failures within 15 minutes lock the username (or the address) for 15
minutes. Counters are rows in the database so every process sees the same count. Usernames
are counted whether or not they exist, so a lock-out discloses nothing about accounts.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kamdesk.audit.context import client_address, current_ip
from kamdesk.audit.services import audit_record
from kamdesk.security.models import SignInThrottle, ThrottleScope

MFA_SESSION_KEY = "kam_mfa_user"


def _keys(username: str, ip: str | None) -> list[tuple[str, str, int]]:
    keys: list[tuple[str, str, int]] = []
    if username.strip():
        keys.append((ThrottleScope.USER, username.strip().lower()[:150], settings.LOCKOUT_FAILURES))
    if ip:
        keys.append((ThrottleScope.ADDRESS, ip, settings.LOCKOUT_ADDRESS_FAILURES))
    return keys


def lockout_remaining(*, username: str, ip: str | None) -> dt.timedelta | None:
    """How long the username or the address stays locked, or None if neither is."""
    now = timezone.now()
    until = [
        row.locked_until
        for scope, key, _limit in _keys(username, ip)
        for row in SignInThrottle.objects.filter(scope=scope, key=key, locked_until__gt=now)
        if row.locked_until is not None
    ]
    return max(until) - now if until else None


def lockout_minutes(remaining: dt.timedelta) -> int:
    return max(1, math.ceil(remaining.total_seconds() / 60))


def count_failure(scope: str, key: str, limit: int, now: dt.datetime) -> bool:
    """Count one failure; True if it locked the key."""
    window = dt.timedelta(minutes=settings.LOCKOUT_WINDOW_MINUTES)
    with transaction.atomic():
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_started_at": now}
        )
        if row.window_started_at <= now - window:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        locked = row.failures >= limit
        if locked:
            row.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
            row.failures, row.window_started_at = 0, now
        row.save()
    return locked


def signin_failure_record(*, username: str, ip: str | None, method: str = "password") -> None:
    """Audit a failed sign-in and count it; a lock-out is audited as its own event."""
    extra = {"username": username[:150], "method": method}
    if lockout_remaining(username=username, ip=ip) is not None:
        audit_record(actor=None, action="auth.signin.locked", extra=extra, ip=ip)
        return
    audit_record(actor=None, action="auth.signin.failed", extra=extra, ip=ip)
    now = timezone.now()
    for scope, key, limit in _keys(username, ip):
        if count_failure(scope, key, limit, now):
            audit_record(
                actor=None,
                action="auth.lockout",
                extra={
                    **extra,
                    "scope": str(scope),
                    "key": key,
                    "minutes": settings.LOCKOUT_MINUTES,
                },
                ip=ip,
            )


def signin_success_record(*, user: Any, ip: str | None, method: str) -> None:
    SignInThrottle.objects.filter(
        scope=ThrottleScope.USER, key=user.get_username().strip().lower()
    ).delete()
    audit_record(actor=user, action="auth.signin", extra={"method": method}, ip=ip)


def _ip_of(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else current_ip()


def _method_of(user: Any) -> str:
    return "oidc" if "oidc" in str(getattr(user, "backend", "")).lower() else "password"


def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # A new sign-in must pass the second factor again.
        request.session.pop(MFA_SESSION_KEY, None)
    signin_success_record(user=user, ip=_ip_of(request), method=_method_of(user))


def on_signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.signout", ip=_ip_of(request))


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    method = "oidc" if "nonce" in credentials or "code_verifier" in credentials else "password"
    signin_failure_record(
        username=str(credentials.get("username") or ""), ip=_ip_of(request), method=method
    )
