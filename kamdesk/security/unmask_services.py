"""Writes of controlled unmasking: request, confirm by SMS code, approve, reject, revoke.

Every step is audited (``unmask.requested``, ``unmask.code_sent``, ``unmask.code_failed``,
``unmask.granted``, ``unmask.rejected``, ``unmask.revoked``, ``unmask.cancelled``), with
the grant's id in the event's ``grant_id``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record, audit_refusal
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer
from kamdesk.notifications.codes import code_check, code_send
from kamdesk.notifications.services import notify
from kamdesk.security.models import UnmaskGrant, UnmaskMethod, UnmaskState
from kamdesk.security.unmask import eligible, methods_for
from kamdesk.security.unmask_policy import request_open
from kamdesk.security.unmask_selectors import is_approver_for, recipients_of
from kamdesk.users.models import User

CODE_PURPOSE = "unmask"
REASON_MIN = 4


def code_subject(grant: UnmaskGrant) -> str:
    return f"{grant.kind}:{grant.customer_id}"


def _event(grant: UnmaskGrant, actor: User, action: str, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=grant,
        customer_id=grant.customer_id,
        purpose=grant.reason[:200],
        grant_id=grant.pk,
        extra={"kind": grant.kind, "method": grant.method, "requester": grant.user_id, **extra},
    )


def unmask_require_eligible(*, user: User, customer: Customer, kind: str) -> None:
    """Refuse (403, audited as ``access.refused``) a role not eligible to unmask ``kind``."""
    if not eligible(user, kind):
        audit_refusal(
            actor=user,
            data_kind=kind,
            target_type="customers.customer",
            target_id=str(customer.pk),
            customer_id=customer.pk,
            extra={"action": "view_unmasked"},
        )
        raise PermissionDenied


def _check_request(user: User, customer: Customer, kind: str, method: str, reason: str) -> None:
    unmask_require_eligible(user=user, customer=customer, kind=kind)
    errors: dict[str, list[str]] = {}
    if method not in methods_for(kind):
        errors["method"] = [_("This kind of data cannot be unmasked that way.")]
    if len(reason.strip()) < REASON_MIN:
        errors["reason"] = [_("Say why you need to see it (at least 4 characters).")]
    if errors:
        raise ValidationFailed(errors)


def unmask_request(
    *,
    user: User,
    customer: Customer,
    kind: str,
    method: str,
    reason: str,
    recipient: str = "",
    now: dt.datetime | None = None,
) -> UnmaskGrant:
    """Ask to unmask ``customer``'s ``kind``: send the customer a code, or ask an approver.

    ``customer`` must already be in ``user``'s scope (the caller fetched it through the
    customer selectors). ``recipient`` is a key from ``recipients_of`` (SMS only).
    """
    now = now or timezone.now()
    _check_request(user, customer, kind, method, reason)
    if method == UnmaskMethod.SMS:
        return _request_by_sms(user, customer, kind, reason.strip(), recipient, now)
    return _request_by_vault(user, customer, kind, reason.strip(), now)


def _request_by_sms(
    user: User, customer: Customer, kind: str, reason: str, recipient: str, now: dt.datetime
) -> UnmaskGrant:
    chosen = next((r for r in recipients_of(customer=customer) if r.key == recipient), None)
    if chosen is None:
        raise ValidationFailed({"recipient": [_("Choose the number the code goes to.")]})
    text = _(
        "[KAM Desk] Your account manager %(name)s asks to see your %(what)s for: %(reason)s. "
        "Code {code}, valid {minutes} minutes. Give it only if you agree."
    ) % {
        "name": _braces(user.display_name or user.get_username()),
        "what": _what(kind),
        "reason": _braces(reason),
    }
    with transaction.atomic():
        grant = UnmaskGrant.objects.create(
            user=user,
            customer=customer,
            kind=kind,
            method=UnmaskMethod.SMS,
            reason=reason[:300],
            recipient_masked=chosen.masked,
            request_expires_at=now + dt.timedelta(minutes=settings.OTP_VALID_MINUTES),
        )
        code_send(
            purpose=CODE_PURPOSE,
            subject=code_subject(grant),
            number=chosen.number,
            text=text,
            actor=user,
            now=now,
        )
        _event(grant, user, "unmask.requested")
        _event(grant, user, "unmask.code_sent", to=chosen.masked)
    return grant


def _braces(text: str) -> str:
    """Typed text goes into a ``str.format`` template (``{code}``): double its braces."""
    return text.replace("{", "{{").replace("}", "}}")


def _what(kind: str) -> str:
    return _("identity document number") if kind == "identity" else _("itemised call records")


def _request_by_vault(
    user: User, customer: Customer, kind: str, reason: str, now: dt.datetime
) -> UnmaskGrant:
    from kamdesk.security.unmask_selectors import approvers_for

    approvers = approvers_for(requester=user)
    if not approvers:
        raise ValidationFailed(
            {"method": [_("Nobody can approve your requests; ask your supervisor.")]}
        )
    with transaction.atomic():
        grant = UnmaskGrant.objects.create(
            user=user,
            customer=customer,
            kind=kind,
            method=UnmaskMethod.VAULT,
            reason=reason[:300],
            request_expires_at=now + dt.timedelta(minutes=settings.UNMASK_REQUEST_MINUTES),
        )
        _event(grant, user, "unmask.requested", approvers=[a.pk for a in approvers])
        url = reverse("unmask_queue")
        title = _("%(who)s asks to see %(customer)s's %(what)s unmasked") % {
            "who": user.display_name or user.get_username(),
            "customer": customer.name,
            "what": _what(kind),
        }
        for approver in approvers:
            notify(
                user=approver,
                kind="unmask.approval",
                title=title,
                body=reason,
                url=url,
                dedup_key=f"unmask:{grant.pk}:{approver.pk}",
                now=now,
            )
    return grant


def _grant_now(grant: UnmaskGrant, now: dt.datetime) -> None:
    grant.state = UnmaskState.GRANTED
    grant.decided_at = now
    grant.expires_at = now + dt.timedelta(minutes=settings.UNMASK_GRANT_MINUTES)


def unmask_confirm_code(
    *, grant: UnmaskGrant, user: User, code: str, now: dt.datetime | None = None
) -> UnmaskGrant:
    """The customer's code, typed by the requester, turns an SMS request into a grant.

    A wrong, used or expired code is refused with the reason and audited
    (``unmask.code_failed``); the count of wrong guesses survives the refusal.
    """
    now = now or timezone.now()
    if grant.user_id != user.pk or grant.method != UnmaskMethod.SMS:
        raise PermissionDenied
    problem = ""
    if not request_open(state=grant.state, request_expires_at=grant.request_expires_at, now=now):
        problem = _("This request is no longer open; make a new one.")
    else:
        try:
            code_check(purpose=CODE_PURPOSE, subject=code_subject(grant), code=code, now=now)
        except ValidationFailed as exc:
            problem = exc.errors["code"][0]
    if problem:
        _event(grant, user, "unmask.code_failed", problem=problem)
        raise ValidationFailed({"code": [problem]})
    with transaction.atomic():
        _grant_now(grant, now)
        grant.save(update_fields=["state", "decided_at", "expires_at", "updated_at"])
        _event(grant, user, "unmask.granted", expires_at=str(grant.expires_at))
    return grant


def unmask_decide(
    *,
    grant: UnmaskGrant,
    approver: User,
    approve: bool,
    note: str,
    now: dt.datetime | None = None,
) -> UnmaskGrant:
    """A second person approves (the grant runs from now) or rejects a vault request."""
    now = now or timezone.now()
    if grant.method != UnmaskMethod.VAULT or not is_approver_for(
        approver=approver, requester=grant.user
    ):
        raise PermissionDenied
    if not request_open(state=grant.state, request_expires_at=grant.request_expires_at, now=now):
        raise ValidationFailed({"note": [_("This request is no longer open.")]})
    if len(note.strip()) < REASON_MIN:
        raise ValidationFailed({"note": [_("Give the reason for your decision.")]})
    with transaction.atomic():
        locked = UnmaskGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.state != UnmaskState.PENDING:
            raise ValidationFailed({"note": [_("This request was decided already.")]})
        if approve:
            _grant_now(grant, now)
        else:
            grant.state, grant.decided_at = UnmaskState.REJECTED, now
        grant.approved_by, grant.decision_note = approver, note.strip()[:300]
        grant.save()
        action = "unmask.granted" if approve else "unmask.rejected"
        _event(grant, approver, action, note=grant.decision_note)
        notify(
            user=grant.user,
            kind="unmask.decision",
            title=_("Your unmasking request was approved")
            if approve
            else _("Your unmasking request was rejected"),
            body=grant.decision_note,
            url=reverse("unmask_grants"),
            dedup_key=f"unmask:{grant.pk}:decision",
            now=now,
        )
    return grant


def may_revoke(*, grant: UnmaskGrant, actor: User) -> bool:
    """The holder, or whoever could have approved it (the supervisor, an approver)."""
    return grant.user_id == actor.pk or is_approver_for(approver=actor, requester=grant.user)


def unmask_revoke(
    *, grant: UnmaskGrant, actor: User, now: dt.datetime | None = None
) -> UnmaskGrant:
    """End a grant at once, or withdraw a request still waiting."""
    now = now or timezone.now()
    if not may_revoke(grant=grant, actor=actor):
        raise PermissionDenied
    with transaction.atomic():
        if grant.state == UnmaskState.PENDING:
            grant.state = UnmaskState.CANCELLED
            grant.save(update_fields=["state", "updated_at"])
            _event(grant, actor, "unmask.cancelled")
        elif grant.state == UnmaskState.GRANTED and grant.revoked_at is None:
            grant.revoked_at, grant.revoked_by = now, actor
            grant.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
            _event(grant, actor, "unmask.revoked")
    return grant
