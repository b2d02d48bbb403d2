"""Reads for the unmasking pages: a person's grants, an approver's queue, recipients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.core.masking import mask_number
from kamdesk.customers.models import Contact, Customer, Subscriber
from kamdesk.security.models import UnmaskGrant, UnmaskMethod, UnmaskState
from kamdesk.users.models import Role, User

HISTORY_DAYS = 30


def _grants() -> QuerySet[UnmaskGrant]:
    return UnmaskGrant.objects.select_related("user", "customer", "approved_by", "revoked_by")


def grants_of(*, user: User, now: dt.datetime | None = None) -> QuerySet[UnmaskGrant]:
    """``user``'s own requests and grants of the last 30 days, newest first."""
    since = (now or timezone.now()) - dt.timedelta(days=HISTORY_DAYS)
    return _grants().filter(user=user, created_at__gte=since)


def is_approver_for(*, approver: User, requester: User) -> bool:
    """A second person may approve: the requester's supervisor or a designated approver.

    Never the requester, and never a role that is kept away from business data.
    """
    if approver.pk == requester.pk or not approver.is_active:
        return False
    if approver.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR):
        return False
    if approver.groups.filter(name=settings.UNMASK_APPROVER_GROUP).exists():
        return True
    team = requester.team
    return (
        approver.role == Role.SUPERVISOR and team is not None and team.supervisor_id == approver.pk
    )


def may_approve(*, user: User) -> bool:
    """Whether ``user`` may have an approver's queue at all."""
    if user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR):
        return False
    return (
        user.role == Role.SUPERVISOR
        or user.groups.filter(name=settings.UNMASK_APPROVER_GROUP).exists()
    )


def approval_queue(*, approver: User, now: dt.datetime | None = None) -> list[UnmaskGrant]:
    """Vault-mode requests still open that ``approver`` may decide, oldest first."""
    if not may_approve(user=approver):
        return []
    pending = (
        _grants()
        .select_related("user__team")
        .filter(
            method=UnmaskMethod.VAULT,
            state=UnmaskState.PENDING,
            request_expires_at__gt=now or timezone.now(),
        )
        .exclude(user=approver)
        .order_by("created_at")
    )
    return [g for g in pending if is_approver_for(approver=approver, requester=g.user)]


def grant_get(*, grant_id: int) -> UnmaskGrant:
    """One grant; the caller checks who may act on it (404 otherwise)."""
    try:
        return _grants().select_related("user__team").get(pk=grant_id)
    except UnmaskGrant.DoesNotExist as exc:
        raise Http404("Not found") from exc


@dataclass(frozen=True)
class Recipient:
    """Where a customer's authorisation code can go: shown masked, chosen by ``key``."""

    key: str
    label: str
    number: str

    @property
    def masked(self) -> str:
        return mask_number(self.number)


def recipients_of(*, customer: Customer, on: dt.date | None = None) -> list[Recipient]:
    """The account's authorised contacts (decision makers) with a phone, and, for an
    individual customer, the numbers they hold today."""
    day = on or timezone.localdate()
    out = [
        Recipient(key=f"contact:{c.pk}", label=c.name, number=c.phone)
        for c in Contact.objects.filter(
            customer=customer, is_active=True, decision_role="decision_maker"
        ).exclude(phone="")
    ]
    if customer.kind != "group":
        held = Subscriber.objects.filter(customer=customer, status="active", valid_from__lte=day)
        held = held.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).order_by("number")
        out += [
            Recipient(key=f"subscriber:{s.pk}", label=s.holder_name, number=s.number) for s in held
        ]
    return out


def approvers_for(*, requester: User) -> list[User]:
    """Everyone who may approve ``requester``'s vault-mode requests."""
    candidates = User.objects.filter(is_active=True).filter(
        Q(groups__name=settings.UNMASK_APPROVER_GROUP)
        | Q(role=Role.SUPERVISOR, supervised_teams__members=requester)
    )
    return [u for u in candidates.distinct() if is_approver_for(approver=u, requester=requester)]
