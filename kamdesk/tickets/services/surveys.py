"""Satisfaction measured independently (P8): when a request is resolved the system itself
asks the customer's contact one question, by e-mail or SMS, through a signed one-time
link. Staff never see the link and nothing lets them write or change an answer; an
unanswered survey is recorded as such after ``SURVEY_RESPONSE_DAYS``.

Both leave through the notifications outbox: e-mail by SMTP, SMS through the
operator's gateway, each retried with the same idempotency key when refused
(``notifications.outbox``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_email, mask_number
from kamdesk.customers.models import Contact
from kamdesk.notifications.services import outbox_email, outbox_sms, site_url
from kamdesk.tickets.models import EventKind, Survey, SurveyStatus, Ticket
from kamdesk.tickets.services.events import event_record

SALT = "kamdesk.tickets.survey"


def survey_token(survey: Survey) -> str:
    return signing.dumps(survey.nonce, salt=SALT, compress=False)


def survey_link(survey: Survey) -> str:
    return site_url(reverse("survey", args=[survey_token(survey)]))


def _contact_for(ticket: Ticket) -> Contact | None:
    if ticket.contact is not None and (ticket.contact.email or ticket.contact.phone):
        return ticket.contact
    contacts = ticket.customer.contacts.filter(is_active=True).order_by("pk")
    return contacts.exclude(email="").first() or contacts.exclude(phone="").first()


def survey_send(*, ticket: Ticket, now: dt.datetime | None = None) -> Survey:
    """Create this resolution's survey and send it (once: one survey per resolution)."""
    moment = now or timezone.now()
    round_ = max(ticket.resolution_count, 1)
    existing = Survey.objects.filter(ticket=ticket, round=round_).first()
    if existing is not None:
        return existing
    contact = _contact_for(ticket)
    survey = Survey.objects.create(
        ticket=ticket,
        round=round_,
        contact=contact,
        nonce=secrets.token_hex(16),
        sent_at=moment,
        expires_at=moment + dt.timedelta(days=settings.SURVEY_RESPONSE_DAYS),
        status=SurveyStatus.SENT if contact else SurveyStatus.NOT_SENT,
        channel=("email" if contact.email else "sms") if contact else "",
    )
    if contact is None:
        event_record(
            ticket=ticket,
            kind=EventKind.SURVEY_SENT,
            at=moment,
            text=_("No contact with an e-mail address or phone number to ask."),
        )
        return survey
    _deliver(survey, contact, ticket)
    shown = mask_email(contact.email) if survey.channel == "email" else mask_number(contact.phone)
    event_record(
        ticket=ticket,
        kind=EventKind.SURVEY_SENT,
        at=moment,
        text=f"{contact.name} · {shown}",
        dedup_key=f"survey:{survey.pk}:sent",
    )
    return survey


def _deliver(survey: Survey, contact: Contact, ticket: Ticket) -> None:
    link = survey_link(survey)
    key = f"survey:{survey.pk}"
    if survey.channel == "email":
        body = _(
            "Dear %(name)s,\n\nyour request %(number)s (%(title)s) has been resolved. "
            "How satisfied are you with how it was handled? One click answers:\n\n%(link)s\n\n"
            "This link works once and for %(days)s days."
        ) % {
            "name": contact.name,
            "number": ticket.number,
            "title": ticket.title,
            "link": link,
            "days": settings.SURVEY_RESPONSE_DAYS,
        }
        outbox_email(
            to=contact.email,
            subject=_("How did we do? Request %(number)s") % {"number": ticket.number},
            body=body,
            dedup_key=key,
        )
    else:
        body = _("Your request %(number)s is resolved. Rate our service: %(link)s") % {
            "number": ticket.number,
            "link": link,
        }
        outbox_sms(to=contact.phone, body=body, dedup_key=key)


def survey_for_token(token: str) -> Survey | None:
    """The survey a link points to; None for a forged or malformed link."""
    try:
        nonce = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(nonce, str):
        return None
    return Survey.objects.select_related("ticket").filter(nonce=nonce).first()


def survey_is_open(survey: Survey, now: dt.datetime | None = None) -> bool:
    moment = now or timezone.now()
    return survey.status == SurveyStatus.SENT and moment < survey.expires_at


def survey_answer(
    *, survey: Survey, score: int, comment: str = "", now: dt.datetime | None = None
) -> Survey:
    """Record the contact's answer: once, before the link expires."""
    moment = now or timezone.now()
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed({"score": [_("Choose from 1 to 5.")]})
    with transaction.atomic():
        answered = Survey.objects.filter(
            pk=survey.pk, status=SurveyStatus.SENT, expires_at__gt=moment
        ).update(
            status=SurveyStatus.ANSWERED,
            score=score,
            comment=comment.strip()[:2000],
            answered_at=moment,
        )
        if not answered:
            raise ValidationFailed({"score": [_("This survey is closed.")]})
        survey.refresh_from_db()
        event_record(
            ticket=survey.ticket,
            kind=EventKind.SURVEY_ANSWERED,
            at=moment,
            text=f"{score}/5",
            dedup_key=f"survey:{survey.pk}:answered",
        )
    return survey


def surveys_expire(*, now: dt.datetime | None = None) -> int:
    """Record every survey past its time without an answer as "no response"."""
    moment = now or timezone.now()
    done = 0
    for survey in Survey.objects.filter(status=SurveyStatus.SENT, expires_at__lte=moment)[:500]:
        with transaction.atomic():
            if Survey.objects.filter(pk=survey.pk, status=SurveyStatus.SENT).update(
                status=SurveyStatus.NO_RESPONSE
            ):
                event_record(
                    ticket=survey.ticket,
                    kind=EventKind.SURVEY_NO_RESPONSE,
                    at=moment,
                    dedup_key=f"survey:{survey.pk}:no_response",
                )
                done += 1
    return done
