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
from kamdesk.core.masking import mask_number
from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from kamdesk.files.services import file_store
from kamdesk.statements.models import (
    Authorisation,
    Channel,
    Document,
    Format,
    Layout,
    RecipientKind,
    Subscription,
)
from kamdesk.statements.services.delivery import subscription_check_format
from kamdesk.statements.services.rules import mobile_of, mobile_on_file
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
    layout: str = ""  # a whole account's statements: Layout (default per subscriber)


def _phone_errors(data: PreferenceInput) -> tuple[str, list[str]]:
    """The recipient's mobile on file, and what is wrong with the one given (if any).

    The password or download code goes to the recipient's own mobile only: a number
    given must be that one, and none given means that one."""
    on_file = mobile_on_file(
        recipient_kind=data.recipient_kind, subscriber=data.subscriber, contact=data.contact
    )
    given = (data.phone or "").strip()
    if not on_file:
        if data.recipient_kind == RecipientKind.HOLDER:
            if data.subscriber is None:
                return "", []  # reported on "subscriber"
            return "", [
                _(
                    "The holder cannot receive codes: "
                    "the number is not a mobile or no longer theirs."
                )
            ]
        if data.contact is None:
            return "", []  # reported on "contact"
        return "", [_("The contact has no mobile number on file: add it to the contact first.")]
    if given and mobile_of(given) != on_file:
        return on_file, [
            _(
                "Passwords and codes go only to the recipient's own mobile on file "
                "(%(number)s): leave this empty or give that number."
            )
            % {"number": mask_number(on_file)}
        ]
    return on_file, []


def _bundle_errors(data: PreferenceInput) -> dict[str, list[str]]:
    """A whole account's statements (no subscriber chosen): one bundle for the contact."""
    errors: dict[str, list[str]] = {}
    if data.recipient_kind != RecipientKind.CONTACT:
        errors["recipient_kind"] = [
            _(
                "A whole account's statements go to its authorised contact: "
                "choose a subscriber for the holder."
            )
        ]
    if data.channel == Channel.EMAIL:
        errors["channel"] = [
            _(
                "A whole account's statements are one large bundle: "
                "choose the SMS download link or print."
            )
        ]
    if data.layout not in ("", *Layout.values):
        errors["layout"] = [_("Choose one file per subscriber or one spreadsheet.")]
    return errors


def _email(data: PreferenceInput) -> str:
    """The address given, else the contact's on file (a holder's must be given)."""
    if data.email or data.recipient_kind != RecipientKind.CONTACT or data.contact is None:
        return data.email
    return data.contact.email


def _validate(customer: Customer, data: PreferenceInput) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if data.account.customer_id != customer.pk:
        errors["account"] = [_("No such account of this customer.")]
    if data.subscriber is not None and data.subscriber.account_id != data.account.pk:
        errors["subscriber"] = [_("The subscriber is not billed to this account.")]
    if data.document == Document.STATEMENT and data.subscriber is None:
        errors.update(_bundle_errors(data))
    if data.recipient_kind == RecipientKind.CONTACT and data.contact is None:
        errors["contact"] = [_("Choose the contact who receives it.")]
    if data.recipient_kind == RecipientKind.HOLDER and data.subscriber is None:
        errors["subscriber"] = [_("The holder is a subscriber's: choose the subscriber.")]
    email = _email(data)
    if data.channel == Channel.EMAIL and not email:
        errors["email"] = [_("E-mail delivery needs an e-mail address.")]
    if data.format not in (Format.PDF, Format.XLSX, Format.CSV):
        errors["format"] = [_("Choose PDF, XLSX or CSV.")]
    if not 1 <= data.day_of_month <= 28:
        errors["day_of_month"] = [_("Choose a day from 1 to 28.")]
    phone, phone_errors = _phone_errors(data)
    if phone_errors:
        errors["phone"] = phone_errors
    if errors:
        raise ValidationFailed(errors)
    subscription_check_format(channel=data.channel, fmt=data.format)
    return phone, email


def subscription_save(
    *,
    customer: Customer,
    data: PreferenceInput,
    actor: User,
    subscription: Subscription | None = None,
) -> Subscription:
    phone, email = _validate(customer, data)
    row = subscription or Subscription(customer=customer, created_by=actor)
    row.account, row.subscriber = data.account, data.subscriber
    row.document, row.format, row.channel = data.document, data.format, data.channel
    row.recipient_kind = data.recipient_kind
    row.contact = data.contact if data.recipient_kind == RecipientKind.CONTACT else None
    row.email, row.phone, row.day_of_month = email, phone, data.day_of_month
    row.layout = (data.layout or Layout.PER_SUBSCRIBER) if row.is_group_bundle else ""
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
