"""TOTP second factor (RFC 6238, 30-second steps, 6 digits) with pyotp.

Required for the roles in ``MFA_REQUIRED_ROLES`` (auditor, security and system
administrators); optional for others, but once a person has enrolled it is always asked.
A code is accepted once (the step is remembered), one step either side of now, and
repeated wrong codes lock the second factor like a password.
"""

from __future__ import annotations

import hmac
import io
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kamdesk.audit.services import audit_record
from kamdesk.security.models import SignInThrottle, ThrottleScope, TotpDevice
from kamdesk.security.signin import MFA_SESSION_KEY, count_failure


def mfa_required(user: Any) -> bool:
    return str(getattr(user, "role", "")) in settings.MFA_REQUIRED_ROLES


def confirmed_device(user: Any) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def mfa_needed(user: Any) -> bool:
    """Whether ``user`` must pass a second factor (required, or enrolled anyway)."""
    return mfa_required(user) or confirmed_device(user) is not None


def mfa_passed(request: HttpRequest) -> bool:
    return request.session.get(MFA_SESSION_KEY) == request.user.pk


def totp_enrol_start(*, user: Any) -> TotpDevice:
    """The person's unconfirmed device, created with a fresh secret if there is none."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        device = TotpDevice.objects.create(user=user, secret=pyotp.random_base32())
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.staff_id or device.user.get_username(), issuer_name=settings.MFA_ISSUER
    )


def qr_svg(device: TotpDevice) -> bytes:
    buffer = io.BytesIO()
    segno.make(provisioning_uri(device), error="m").save(buffer, kind="svg", scale=5, xmldecl=False)
    return buffer.getvalue()


def _matching_step(device: TotpDevice, code: str) -> int | None:
    totp = pyotp.TOTP(device.secret)
    now_step = totp.timecode(timezone.now())
    for step in (now_step - 1, now_step, now_step + 1):
        if step > device.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def mfa_locked(user: Any) -> bool:
    """Whether too many wrong codes have locked this person's second factor for now."""
    return SignInThrottle.objects.filter(
        scope=ThrottleScope.MFA, key=user.get_username().lower(), locked_until__gt=timezone.now()
    ).exists()


def totp_check(*, user: Any, code: str, device: TotpDevice | None = None) -> bool:
    """Check a code against the device (confirmed unless given); audit the outcome."""
    device = device or confirmed_device(user)
    key = user.get_username().lower()
    if device is None or mfa_locked(user):
        audit_record(actor=user, action="auth.mfa.refused")
        return False
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().get(pk=device.pk)
        step = _matching_step(device, "".join(code.split()))
        if step is not None:
            device.last_step = step
            device.save(update_fields=["last_step", "updated_at"])
            audit_record(actor=user, action="auth.mfa.passed")
            return True
    audit_record(actor=user, action="auth.mfa.failed")
    if count_failure(ThrottleScope.MFA, key, settings.LOCKOUT_FAILURES, timezone.now()):
        audit_record(actor=user, action="auth.lockout", extra={"scope": "mfa"})
    return False


def totp_enrol_confirm(*, user: Any, code: str) -> bool:
    """Confirm the unconfirmed device with a first code."""
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None or not totp_check(user=user, code=code, device=device):
        return False
    device.refresh_from_db()
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at", "updated_at"])
    audit_record(actor=user, action="auth.mfa.enrolled", target=device)
    return True


def mark_passed(request: HttpRequest) -> None:
    # A fresh session key: the elevated session must not reuse a key seen before.
    request.session.cycle_key()
    request.session[MFA_SESSION_KEY] = request.user.pk
