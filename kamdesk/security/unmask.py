"""Controlled unmasking: the calls other capabilities make before showing data unmasked.

``view_unmasked`` in the matrix only makes a role *eligible*. A value is shown unmasked
only while the viewer holds an active grant (``UnmaskGrant``) for that one customer and
that one kind of data, and every such showing is written to the audit trail with the
grant's id. Callers do this:

    reveal = unmask_open(user=request.user, customer=customer, kind="call_record",
                         how="view", target=subscriber, ip=client_address(request))
    peer = reveal.number(record.peer)        # masked unless a grant is active

``unmask_open`` writes one ``<kind>.unmasked`` event (with ``grant_id``) when, and only
when, something will be shown unmasked; without a grant it writes nothing and every
value comes back masked. In templates, pass ``reveal`` and use the ``revealed`` filter
of the ``unmask`` tag library: ``{{ r.peer|revealed:reveal }}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from kamdesk.audit.services import audit_record
from kamdesk.core.masking import mask_id, mask_number
from kamdesk.security.models import UnmaskGrant, UnmaskState
from kamdesk.security.unmask_policy import KINDS, parse_methods
from kamdesk.users.models import User
from kamdesk.users.permissions import can

__all__ = ["Reveal", "eligible", "grant_for", "methods_for", "unmask_open", "unmask_value"]


def methods_for(kind: str) -> tuple[str, ...]:
    """The authorisations that may unlock ``kind`` (``sms``, ``vault``), as configured."""
    return parse_methods(settings.UNMASK_METHODS).get(kind, ())


def eligible(user: User, kind: str) -> bool:
    """Whether ``user`` may ask to unmask ``kind`` at all (matrix cell U, and configured)."""
    return kind in KINDS and can(user, "view_unmasked", kind) and bool(methods_for(kind))


def _customer_pk(customer: Any) -> int:
    return int(customer.pk if isinstance(customer, models.Model) else customer)


def grant_for(
    *, user: User, customer: Any, kind: str, now: dt.datetime | None = None
) -> UnmaskGrant | None:
    """The active grant that lets ``user`` see ``customer``'s ``kind`` unmasked, or None.

    ``customer`` is a ``Customer`` or its id. The matrix is checked again here, so a
    role that loses ``view_unmasked`` stops unmasking at once, grants or not.
    """
    if not eligible(user, kind):
        return None
    return (
        UnmaskGrant.objects.filter(
            user=user,
            customer_id=_customer_pk(customer),
            kind=kind,
            state=UnmaskState.GRANTED,
            revoked_at=None,
            expires_at__gt=now or timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )


@dataclass(frozen=True)
class Reveal:
    """How to show one customer's values of one kind: masked, or unmasked under ``grant``."""

    kind: str
    customer_id: int
    grant: UnmaskGrant | None = None

    @property
    def unmasked(self) -> bool:
        return self.grant is not None

    @property
    def grant_id(self) -> int | None:
        return self.grant.pk if self.grant is not None else None

    @property
    def expires_at(self) -> dt.datetime | None:
        return self.grant.expires_at if self.grant is not None else None

    def number(self, value: str | None) -> str:
        """A phone number (the other party of a call record)."""
        return (value or "") if self.unmasked else mask_number(value)

    def id_number(self, value: str | None) -> str:
        """An identity document number."""
        return (value or "") if self.unmasked else mask_id(value)

    def value(self, value: str | None) -> str:
        """``value`` masked the way its kind of data is masked, unless unmasked."""
        return self.id_number(value) if self.kind == "identity" else self.number(value)


def unmask_open(
    *,
    user: User,
    customer: Any,
    kind: str,
    how: str = "view",
    target: models.Model | None = None,
    extra: dict[str, Any] | None = None,
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> Reveal:
    """The ``Reveal`` for ``user`` on ``customer``'s ``kind``; audits an unmasked showing.

    ``how`` is ``view`` or ``export`` (also ``api``, ``pdf``): it goes into the event's
    details with ``extra``. Call it once per page, answer or file, not per value.
    """
    customer_pk = _customer_pk(customer)
    grant = grant_for(user=user, customer=customer_pk, kind=kind, now=now)
    if grant is not None:
        audit_record(
            actor=user,
            action=f"{kind}.unmasked",
            target=target,
            target_type="" if target is not None else "customers.customer",
            target_id="" if target is not None else str(customer_pk),
            customer_id=customer_pk,
            purpose=grant.reason[:200],
            grant_id=grant.pk,
            extra={"how": how, **(extra or {})},
            ip=ip,
        )
    return Reveal(kind=kind, customer_id=customer_pk, grant=grant)


def unmask_value(
    *,
    user: User,
    customer: Any,
    kind: str,
    value: str | None,
    how: str = "view",
    target: models.Model | None = None,
    ip: str | None = None,
) -> str:
    """One value, masked or (under a grant, audited) unmasked."""
    reveal = unmask_open(user=user, customer=customer, kind=kind, how=how, target=target, ip=ip)
    return reveal.value(value)
