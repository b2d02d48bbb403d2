"""Writes of the manager's day: greetings for birthdays and anniversaries sent through
the outbox, and handovers of customers from one manager to another.

A handover moves the portfolio and the open work with it (requests, and visits,
commitments and unfinished orders where those capabilities are installed), leaves the
history where it is, audits every customer moved, tells both managers, and tells each
customer's contacts who their new manager is and how to reach them (once: outbox dedup
keys).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact, Contract, Customer
from kamdesk.customers.selectors import customer_get, customers_visible_to
from kamdesk.customers.services import interaction_create
from kamdesk.home.greetings import (
    BIRTHDAY,
    OCCASIONS,
    PARTNERSHIP,
    Greeting,
    greeting_subject,
    next_occurrence,
    suggest_greeting,
    years_on,
)
from kamdesk.home.models import Handover, HandoverCustomer, HandoverReason
from kamdesk.notifications.services import notify, outbox_email, outbox_sms
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can

# --- greetings ------------------------------------------------------------------------


def greeting_send(
    *,
    actor: User,
    contact_id: int,
    occasion: str = BIRTHDAY,
    now: dt.datetime | None = None,
) -> str:
    """Send the suggested greeting for a contact's occasion once a year; returns the
    channel used.

    Occasions are the contact's birthday, their anniversary in the post and their
    customer's anniversary with the operator (one greeting a year per customer, whichever
    contact it goes to). Only where the contact consented to greetings and prefers SMS or
    e-mail; the greeting is recorded as an interaction on the customer (so it counts as
    contact)."""
    moment = now or timezone.now()
    contact = Contact.objects.select_related("customer").filter(pk=contact_id).first()
    if contact is None or occasion not in OCCASIONS:
        raise ValidationFailed({"contact": [_("No such contact.")]})
    customer = customer_get(user=actor, customer_id=contact.customer_id, kind="contact")
    if not can(actor, "change", "interaction"):
        raise ValidationFailed({"contact": [_("You may not contact customers.")]})
    day, years = _occasion_due(contact, occasion, timezone.localdate(moment))
    greeting = suggest_greeting(
        consented=contact.consent_greetings,
        preferred=contact.preferred_channel,
        addresses={"phone": contact.phone, "email": contact.email, "wechat": contact.wechat},
        contact_name=contact.name,
        manager_name=str(customer.manager or actor),
        occasion=occasion,
        years=years,
        customer_name=customer.name,
    )
    if greeting is None or greeting.channel not in ("sms", "email"):
        raise ValidationFailed(
            {"contact": [_("This contact has not consented to greetings by SMS or e-mail.")]}
        )
    # The customer's anniversary is greeted once, the contact's own occasions per contact.
    whose = customer.pk if occasion == PARTNERSHIP else contact.pk
    key = f"greeting:{occasion}:{whose}:{day.year}"
    with transaction.atomic():
        _greeting_deliver(contact, greeting, occasion, years, key)
        interaction_create(
            actor=actor,
            customer=customer,
            contact=contact,
            channel=greeting.channel,
            summary=(
                _("Birthday greeting sent: %(text)s")
                if occasion == BIRTHDAY
                else _("Anniversary greeting sent: %(text)s")
            )
            % {"text": greeting.text},
            occurred_at=moment,
        )
    return greeting.channel


def _occasion_due(contact: Contact, occasion: str, today: dt.date) -> tuple[dt.date, int]:
    """The next day of the occasion and its how-manyth anniversary."""
    if occasion == PARTNERSHIP:
        start = Contract.objects.filter(customer_id=contact.customer_id).aggregate(
            since=Min("starts_on")
        )["since"]
    else:
        start = contact.birthday if occasion == BIRTHDAY else contact.in_post_since
    day = next_occurrence(start, today) if start else None
    if day is None or start is None or (occasion != BIRTHDAY and years_on(start, day) < 1):
        raise ValidationFailed({"contact": [_("There is no such occasion to greet.")]})
    return day, years_on(start, day)


def _greeting_deliver(
    contact: Contact, greeting: Greeting, occasion: str, years: int, key: str
) -> None:
    if greeting.channel == "sms":
        sent = outbox_sms(to=contact.phone, body=greeting.text, dedup_key=key)
    else:
        sent = outbox_email(
            to=contact.email,
            subject=greeting_subject(occasion, years),
            body=greeting.text,
            dedup_key=key,
        )
    if sent is None:
        raise ValidationFailed({"contact": [_("The greeting was sent already this year.")]})


# --- handovers ------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverInput:
    from_manager_id: int | None
    to_manager_id: int | None
    customer_ids: list[int]
    reason: str
    note: str
    tell_contacts: bool = True


def _managers_allowed(actor: User) -> dict[int, User]:
    qs = User.objects.filter(role=Role.MANAGER)
    if actor.role == Role.SUPERVISOR:
        qs = qs.filter(team__supervisor=actor)
    elif actor.role != Role.SYSTEM_ADMIN:
        qs = qs.none()
    return {u.pk: u for u in qs}


def _validate(actor: User, data: HandoverInput) -> tuple[User, User, list[Customer]]:
    errors: dict[str, list[str]] = {}
    if actor.role not in (Role.SUPERVISOR, Role.SYSTEM_ADMIN) or not can(
        actor, "change", "profile"
    ):
        raise ValidationFailed({"__all__": [_("Only a supervisor may hand customers over.")]})
    managers = _managers_allowed(actor)
    source = managers.get(data.from_manager_id or 0)
    target = managers.get(data.to_manager_id or 0)
    if source is None:
        errors["from_manager"] = [_("Choose a manager of your team to hand over from.")]
    if target is None or not target.is_active:
        errors["to_manager"] = [_("Choose an active manager of your team to hand over to.")]
    elif source is not None and source.pk == target.pk:
        errors["to_manager"] = [_("Hand the customers over to another manager.")]
    if data.reason not in HandoverReason.values:
        errors["reason"] = [_("Choose a reason.")]
    if not data.note.strip():
        errors["note"] = [_("Write a handover note for the new manager.")]
    customers = list(
        customers_visible_to(user=actor)
        .filter(pk__in=data.customer_ids, manager_id=data.from_manager_id)
        .select_related("manager")
    )
    if not data.customer_ids:
        errors["customers"] = [_("Choose at least one customer.")]
    elif len(customers) != len(set(data.customer_ids)):
        errors["customers"] = [_("Some of the customers are not managed by this manager.")]
    if errors:
        raise ValidationFailed(errors)
    assert source is not None and target is not None
    return source, target, customers


def handover_perform(
    *, actor: User, data: HandoverInput, now: dt.datetime | None = None
) -> Handover:
    """Move the customers and their open work from one manager to another (atomic)."""
    moment = now or timezone.now()
    source, target, customers = _validate(actor, data)
    with transaction.atomic():
        handover = Handover.objects.create(
            from_manager=source,
            to_manager=target,
            created_by=actor,
            reason=data.reason,
            note=data.note.strip(),
            tell_contacts=data.tell_contacts,
        )
        ids = [c.pk for c in customers]
        Customer.objects.filter(pk__in=ids, backup_manager=target).update(backup_manager=None)
        Customer.objects.filter(pk__in=ids).update(manager=target, updated_at=moment)
        move = Move(ids, source, target, actor, moment)
        moved = {name: mover(move) for name, mover in _open_work_movers()}
        handover.moved = moved
        handover.save(update_fields=["moved", "updated_at"])
        for customer in customers:
            told = _tell_contacts(handover, customer, target, moment) if data.tell_contacts else 0
            HandoverCustomer.objects.create(
                handover=handover, customer=customer, contacts_told=told
            )
            audit_record(
                actor=actor,
                action="customer.handed_over",
                target=customer,
                customer_id=customer.pk,
                extra={"handover": handover.pk, "from": source.username, "to": target.username},
            )
        audit_record(actor=actor, action="handover.created", target=handover, extra=moved)
        _tell_managers(handover, len(customers), moment)
    return handover


@dataclass(frozen=True)
class Move:
    """What a mover needs: the customers handed over, from whom, to whom, by whom, when."""

    customer_ids: list[int]
    source: User
    target: User
    actor: User
    moment: dt.datetime


Mover = Callable[[Move], int]


def _move_requests(move: Move) -> int:
    from kamdesk.tickets.models import OPEN_STATUSES, Ticket

    return Ticket.objects.filter(
        customer_id__in=move.customer_ids, owner=move.source, status__in=OPEN_STATUSES
    ).update(owner=move.target)


def _move_visits(move: Move) -> int:
    from kamdesk.visits.models import OPEN_VISIT_STATUSES, Visit

    return Visit.objects.filter(
        customer_id__in=move.customer_ids, manager=move.source, status__in=OPEN_VISIT_STATUSES
    ).update(manager=move.target)


def _move_commitments(move: Move) -> int:
    from kamdesk.commitments.models import PENDING_STATUSES, Commitment

    return Commitment.objects.filter(
        customer_id__in=move.customer_ids, owner=move.source, status__in=PENDING_STATUSES
    ).update(owner=move.target)


def _move_orders(move: Move) -> int:
    from kamdesk.orders.services.orders import orders_hand_over

    return orders_hand_over(
        actor=move.actor,
        customer_ids=move.customer_ids,
        source=move.source,
        target=move.target,
        now=move.moment,
    )


def _open_work_movers() -> list[tuple[str, Mover]]:
    """The open work each installed capability keeps per manager. Requests, visits and
    commitments have no reassignment service of their own, so the handover moves the owner
    column of their open rows in its transaction; orders have one (it writes each order's
    history and audit too). History and finished work stay as they were."""
    candidates: list[tuple[str, str, Mover]] = [
        ("kamdesk.tickets", "requests", _move_requests),
        ("kamdesk.visits", "visits", _move_visits),
        ("kamdesk.commitments", "commitments", _move_commitments),
        ("kamdesk.orders", "orders", _move_orders),
    ]
    return [(name, mover) for app, name, mover in candidates if apps.is_installed(app)]


def _contact_card(manager: User) -> str:
    parts = [str(manager)]
    if manager.phone:
        parts.append(_("phone %(phone)s") % {"phone": manager.phone})
    if manager.email:
        parts.append(_("e-mail %(email)s") % {"email": manager.email})
    return ", ".join(parts)


def handover_message(*, contact_name: str, customer_name: str, manager: User, day: dt.date) -> str:
    return _(
        "Dear %(contact)s, from %(day)s your account manager for %(customer)s is "
        "%(card)s. Please contact them for anything you need. — China Mobile key accounts"
    ) % {
        "contact": contact_name,
        "day": f"{day.year}年{day.month}月{day.day}日",
        "customer": customer_name,
        "card": _contact_card(manager),
    }


def _tell_contacts(
    handover: Handover, customer: Customer, target: User, moment: dt.datetime
) -> int:
    told = 0
    day = timezone.localdate(moment)
    with translation.override("zh-hans"):
        for contact in customer.contacts.filter(is_active=True):
            text = handover_message(
                contact_name=contact.name, customer_name=customer.name, manager=target, day=day
            )
            key = f"handover:{handover.pk}:contact:{contact.pk}"
            if contact.preferred_channel == "email" and contact.email:
                sent = outbox_email(
                    to=contact.email,
                    subject=_("Your new account manager"),
                    body=text,
                    dedup_key=key,
                )
            elif contact.phone:
                sent = outbox_sms(to=contact.phone, body=text, dedup_key=key)
            elif contact.email:
                sent = outbox_email(
                    to=contact.email,
                    subject=_("Your new account manager"),
                    body=text,
                    dedup_key=key,
                )
            else:
                sent = None
            told += sent is not None
    return told


def _tell_managers(handover: Handover, count: int, moment: dt.datetime) -> None:
    url = f"/handovers/{handover.pk}/"
    notify(
        user=handover.to_manager,
        kind="handover.received",
        title=_("%(count)s customers handed over to you by %(from)s")
        % {"count": count, "from": handover.from_manager},
        body=handover.note,
        url=url,
        dedup_key=f"handover:{handover.pk}:to",
        now=moment,
    )
    notify(
        user=handover.from_manager,
        kind="handover.given",
        title=_("%(count)s of your customers were handed over to %(to)s")
        % {"count": count, "to": handover.to_manager},
        body=handover.note,
        url=url,
        dedup_key=f"handover:{handover.pk}:from",
        now=moment,
    )
