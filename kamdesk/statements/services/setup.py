"""Written authorisations (with their signed scan) and delivery preferences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.identifiers import IdentifierError, clean_subscriber_number
from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from kamdesk.files.services import file_store
from kamdesk.statements.models import (
    Authorisation,
    Channel,
    Document,
    Format,
    RecipientKind,
    Subscription,
)
from kamdesk.statements.services.delivery import subscription_check_format
from kamdesk.users.models import User


def authorisation_create(
    *,
    customer: Customer,
    account: Account,
    contact: Contact,
    valid_from: dt.date,
    valid_to: dt.date,
    upload: File,
    actor: User,
    note: str = "",
) -> Authorisation:
    """Record the customer's written authorisation for ``contact`` (the signed scan is
    stored through ``kamdesk.files``: type and size checked, downloads audited)."""
    errors: dict[str, list[str]] = {}
    if valid_to < valid_from:
        errors["valid_to"] = [_("The end of validity is before its start.")]
    if account.customer_id != customer.pk:
        errors["account"] = [_("No such account of this customer.")]
    if contact.customer_id != customer.pk:
        errors["contact"] = [_("No such contact of this customer.")]
    if upload is None:
        errors["file"] = [_("Upload the signed authorisation.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = Authorisation.objects.create(
            customer=customer,
            account=account,
            contact=contact,
            valid_from=valid_from,
            valid_to=valid_to,
            note=note[:200],
            created_by=actor,
        )
        stored = file_store(
            upload=upload,
            owner_kind="statement_authorisation",
            owner_id=row.pk,
            actor=actor,
            customer_id=customer.pk,
        )
        row.file_id = stored.pk
        row.save(update_fields=["file_id", "updated_at"])
        audit_record(
            actor=actor,
            action="statement.authorisation_recorded",
            target=row,
            customer_id=customer.pk,
            extra={"account": account.code, "from": valid_from, "to": valid_to},
        )
    return row


def authorisation_revoke(*, authorisation: Authorisation, actor: User) -> Authorisation:
    with transaction.atomic():
        authorisation.revoked_at = timezone.now()
        authorisation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="statement.authorisation_revoked",
            target=authorisation,
            customer_id=authorisation.customer_id,
        )
    return authorisation


@dataclass(frozen=True)
class PreferenceInput:
    account: Account
    subscriber: Subscriber | None
    document: str
    format: str
    channel: str
    recipient_kind: str
    contact: Contact | None
    email: str
    phone: str
    day_of_month: int


def _mobile(value: str) -> str:
    try:
        number = clean_subscriber_number(value or "")
    except IdentifierError:
        return ""
    return number if len(number) == 11 else ""


def _validate(customer: Customer, data: PreferenceInput) -> str:
    errors: dict[str, list[str]] = {}
    if data.account.customer_id != customer.pk:
        errors["account"] = [_("No such account of this customer.")]
    if data.subscriber is not None and data.subscriber.account_id != data.account.pk:
        errors["subscriber"] = [_("The subscriber is not billed to this account.")]
    if data.document == Document.STATEMENT and data.subscriber is None:
        errors["subscriber"] = [_("An itemised statement is per subscriber: choose one.")]
    if data.recipient_kind == RecipientKind.CONTACT and data.contact is None:
        errors["contact"] = [_("Choose the contact who receives it.")]
    if data.recipient_kind == RecipientKind.HOLDER and data.subscriber is None:
        errors["subscriber"] = [_("The holder is a subscriber's: choose the subscriber.")]
    if data.channel == Channel.EMAIL and not data.email:
        errors["email"] = [_("E-mail delivery needs an e-mail address.")]
    if data.format not in (Format.PDF, Format.XLSX, Format.CSV):
        errors["format"] = [_("Choose PDF, XLSX or CSV.")]
    if not 1 <= data.day_of_month <= 28:
        errors["day_of_month"] = [_("Choose a day from 1 to 28.")]
    phone = _mobile(data.phone)
    if not phone:
        errors["phone"] = [_("Give an 11-digit mobile number: it receives the password or code.")]
    if errors:
        raise ValidationFailed(errors)
    subscription_check_format(channel=data.channel, fmt=data.format)
    return phone


def subscription_save(
    *,
    customer: Customer,
    data: PreferenceInput,
    actor: User,
    subscription: Subscription | None = None,
) -> Subscription:
    phone = _validate(customer, data)
    row = subscription or Subscription(customer=customer, created_by=actor)
    row.account, row.subscriber = data.account, data.subscriber
    row.document, row.format, row.channel = data.document, data.format, data.channel
    row.recipient_kind = data.recipient_kind
    row.contact = data.contact if data.recipient_kind == RecipientKind.CONTACT else None
    row.email, row.phone, row.day_of_month = data.email, phone, data.day_of_month
    row.active = True
    with transaction.atomic():
        row.save()
        audit_record(
            actor=actor,
            action="statement.preference_saved",
            target=row,
            customer_id=customer.pk,
            extra={"document": row.document, "channel": row.channel, "format": row.format},
        )
    return row


def subscription_stop(*, subscription: Subscription, actor: User) -> Subscription:
    with transaction.atomic():
        subscription.active = False
        subscription.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            action="statement.preference_stopped",
            target=subscription,
            customer_id=subscription.customer_id,
        )
    return subscription
