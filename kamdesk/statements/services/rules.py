"""Entitlement with its facts read from the database; the rules are ``entitlement.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kamdesk.core.identifiers import IdentifierError, clean_subscriber_number
from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from kamdesk.security.unmask import unmask_open
from kamdesk.statements.entitlement import Decision, Facts, decide
from kamdesk.statements.models import Authorisation, RecipientKind
from kamdesk.users.models import User


@dataclass(frozen=True)
class Recipient:
    """Who a document is for: the number's registered holder or a customer contact."""

    kind: str  # RecipientKind
    contact: Contact | None = None
    holder_name: str = ""

    @property
    def label(self) -> str:
        if self.kind == RecipientKind.CONTACT and self.contact is not None:
            return self.contact.name
        return self.holder_name or "机主"


def mobile_of(value: str) -> str:
    """``value`` as an 11-digit mobile number, or "" when it is not one."""
    try:
        number = clean_subscriber_number(value or "")
    except IdentifierError:
        return ""
    return number if len(number) == 11 else ""


def mobile_on_file(
    *, recipient_kind: str, subscriber: Subscriber | None, contact: Contact | None
) -> str:
    """The entitled recipient's own mobile as the records have it: the holder's line
    while they still hold it (a number given up is recycled), or the contact's phone.
    PDF passwords, download links and their codes go only there, so a mistyped or
    substituted address can never open a document ("" when none is on file)."""
    if recipient_kind == RecipientKind.CONTACT:
        return mobile_of(contact.phone) if contact is not None else ""
    if subscriber is None:
        return ""
    if subscriber.valid_to is not None and subscriber.valid_to <= timezone.localdate():
        return ""  # the number has passed to someone else (or may): not the holder's now
    return mobile_of(subscriber.number)


def authorisation_valid(*, account: Account, contact: Contact, day: dt.date) -> bool:
    candidates = Authorisation.objects.filter(
        account=account, contact=contact, revoked_at__isnull=True, file_id__isnull=False
    )
    return candidates.filter(valid_from__lte=day, valid_to__gte=day).exists()


def entitlement(
    *,
    document: str,
    account: Account,
    subscriber: Subscriber | None,
    recipient: Recipient,
    day: dt.date,
) -> Decision:
    """Whether ``recipient`` may receive this document on ``day`` (rules in entitlement.py)."""
    paying = subscriber.account if subscriber is not None else account
    contact = recipient.contact if recipient.kind == RecipientKind.CONTACT else None
    is_contact = contact is not None and paying.bill_contact_id == contact.pk
    facts = Facts(
        document=document,  # type: ignore[arg-type]
        recipient=recipient.kind,  # type: ignore[arg-type]
        payment_relation=paying.payment_relation,
        for_subscriber=subscriber is not None,
        is_authorised_contact=is_contact,
        authorisation_on_file=bool(
            contact and authorisation_valid(account=paying, contact=contact, day=day)
        ),
    )
    return decide(facts)


def staff_decision(
    *, user: User, customer: Customer, data_kind: str, target: Any = None, ip: str | None = None
) -> Decision:
    """Staff see documents masked unless an unmasking grant (``kamdesk.security.unmask``:
    one customer, one kind of data, from the customer or a second person) is active;
    an unmasked showing is audited there with the grant's id."""
    reveal = unmask_open(
        user=user, customer=customer, kind=data_kind, how="pdf", target=target, ip=ip
    )
    return decide(
        Facts(
            document="statement",
            recipient="staff",
            payment_relation="",
            for_subscriber=True,
            unmask_granted=reveal.unmasked,
        )
    )
