"""Intake by e-mail (``kam mail fetch``): a message from a known contact's address opens a
request on that contact's account; a reply (its subject carries ``[R00000012]``) goes
onto that request as a comment. Either way the contact enters the customer's
interaction timeline. A message is processed once, by its Message-ID."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from email.message import EmailMessage
from email.utils import parseaddr

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact
from kamdesk.customers.services import interaction_create
from kamdesk.tickets.models import Category, EventKind, Ticket, TicketEvent
from kamdesk.tickets.services.events import event_record, tell, ticket_url
from kamdesk.tickets.services.tickets import TicketInput, ticket_attach, ticket_create

REFERENCE = re.compile(r"\[R(\d{8})\]")
EMAIL_CATEGORY = "other"
_TAGS = re.compile(r"<[^>]+>")


def message_id_of(message: EmailMessage, raw: bytes) -> str:
    found = str(message.get("Message-ID") or "").strip()
    return found[:255] if found else "sha256:" + hashlib.sha256(raw).hexdigest()


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = html.unescape(_TAGS.sub(" ", text))
    return text.strip()[:20000]


def _contact_for(address: str) -> Contact | None:
    if not address:
        return None
    return (
        Contact.objects.select_related("customer__manager", "customer__grade")
        .filter(email__iexact=address, is_active=True, customer__manager__isnull=False)
        .order_by("pk")
        .first()
    )


def _already_seen(message_id: str) -> bool:
    return (
        Ticket.objects.filter(source_message_id=message_id).exists()
        or TicketEvent.objects.filter(dedup_key=f"mail:{message_id}").exists()
    )


def mail_intake(*, message: EmailMessage, raw: bytes, now: dt.datetime | None = None) -> str:
    """Process one message: ``created``, ``reply``, ``duplicate`` or ``unknown`` (sender
    is no active contact of a managed customer)."""
    message_id = message_id_of(message, raw)
    if _already_seen(message_id):
        return "duplicate"
    contact = _contact_for(parseaddr(str(message.get("From", "")))[1].strip())
    if contact is None:
        return "unknown"
    subject = str(message.get("Subject", "")).strip() or _("(no subject)")
    match = REFERENCE.search(subject)
    ticket = (
        Ticket.objects.filter(pk=int(match.group(1)), customer=contact.customer).first()
        if match
        else None
    )
    with transaction.atomic():
        if ticket is not None:
            _reply(ticket, contact, message, message_id, subject, now)
            outcome = "reply"
        else:
            ticket = _open(contact, message, message_id, subject, now)
            outcome = "created"
        _attachments(ticket, message)
    return outcome


def _open(
    contact: Contact, message: EmailMessage, message_id: str, subject: str, now: dt.datetime | None
) -> Ticket:
    category = Category.objects.get(code=EMAIL_CATEGORY)
    return ticket_create(
        actor=None,
        now=now,
        data=TicketInput(
            customer=contact.customer,
            category=category,
            channel="email",
            title=subject[:200],
            description=body_text(message),
            contact=contact,
            source_message_id=message_id,
        ),
    )


def _reply(
    ticket: Ticket,
    contact: Contact,
    message: EmailMessage,
    message_id: str,
    subject: str,
    now: dt.datetime | None,
) -> None:
    moment = now or timezone.now()
    event_record(
        ticket=ticket,
        kind=EventKind.EMAIL_IN,
        at=moment,
        text=f"{contact.name}: {body_text(message)}"[:20000],
        dedup_key=f"mail:{message_id}",
    )
    owner = ticket.owner
    interaction_create(
        actor=owner,
        customer=ticket.customer,
        channel="email",
        contact=contact,
        inbound=True,
        occurred_at=min(moment, timezone.now()),
        summary=_("E-mail about request %(number)s: %(subject)s")
        % {"number": ticket.number, "subject": subject},
    )
    tell(
        users=[owner],
        kind="request.email",
        key=f"mail:{message_id}",
        url=ticket_url(ticket),
        now=moment,
        title=_("%(name)s wrote about request %(number)s")
        % {"name": contact.name, "number": ticket.number},
    )


def _attachments(ticket: Ticket, message: EmailMessage) -> None:
    for part in message.iter_attachments():
        name = part.get_filename() or "attachment"
        data = part.get_payload(decode=True) or b""
        try:
            ticket_attach(ticket=ticket, actor=None, upload=ContentFile(data, name=name))
        except ValidationFailed:
            event_record(
                ticket=ticket,
                kind=EventKind.ATTACHMENT,
                text=_("Refused attachment: %(name)s") % {"name": name},
            )
