"""Birthdays and anniversaries of key contacts in the next seven days, with a suggested
greeting through the channel the contact prefers — only where they consented to such
messages.

Three occasions: a contact's birthday, a contact's anniversary in their post (任职N周年,
from ``Contact.in_post_since``) and the customer's anniversary with the operator (合作N周年,
from the start of its earliest contract imported from BOSS), addressed to the customer's
key contact: one who consented to greetings first, a decision maker first among them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.home.greetings import (
    BIRTHDAY,
    IN_POST,
    OCCASIONS,
    PARTNERSHIP,
    next_occurrence,
    occasion_label,
    suggest_greeting,
    years_on,
)
from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.users.models import User

DAYS = 7
LIMIT = 12
FETCH = 200


def available() -> bool:
    from kamdesk.customers import selectors

    return hasattr(selectors, "customers_visible_to")


@dataclass(frozen=True)
class Due:
    """One occasion in the window: whose, which, on which day, the how-manyth."""

    day: dt.date
    occasion: str
    years: int
    customer: Any  # customers.Customer
    contact: Any  # customers.Contact, or None for a customer without an active contact


def window_filter(field: str, today: dt.date) -> Q:
    """Dates whose month and day fall in the next ``DAYS`` days, any year. 29 February is
    asked for whenever 28 February is in the window: it falls on the 28th in other years
    (``next_occurrence`` then says whether it really is in the window)."""
    days = [today + dt.timedelta(days=i) for i in range(DAYS)]
    parts = [Q(**{f"{field}__month": d.month, f"{field}__day": d.day}) for d in days]
    if any(d.month == 2 and d.day == 28 for d in days):
        parts.append(Q(**{f"{field}__month": 2, f"{field}__day": 29}))
    return reduce(or_, parts)


def _due(start: dt.date, today: dt.date, occasion: str) -> tuple[dt.date, int] | None:
    day = next_occurrence(start, today)
    years = years_on(start, day)
    if day >= today + dt.timedelta(days=DAYS) or (occasion != BIRTHDAY and years < 1):
        return None
    return day, years


def _contact_dues(visible: Any, today: dt.date, field: str, occasion: str) -> list[Due]:
    from kamdesk.customers.models import Contact

    rows = (
        Contact.objects.filter(customer__in=visible, is_active=True, **{f"{field}__isnull": False})
        .filter(window_filter(field, today))
        .select_related("customer__manager")[:FETCH]
    )
    found = []
    for contact in rows:
        when = _due(getattr(contact, field), today, occasion)
        if when is not None:
            found.append(Due(when[0], occasion, when[1], contact.customer, contact))
    return found


def _partnership_dues(visible: Any, today: dt.date) -> list[Due]:
    from kamdesk.customers.models import Contact, Customer

    rows = (
        Customer.objects.filter(pk__in=visible)
        .annotate(since=Min("contracts__starts_on"))
        .filter(window_filter("since", today))
        .select_related("manager")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.filter(is_active=True), to_attr="active")
        )[:FETCH]
    )
    found = []
    for customer in rows:
        when = _due(customer.since, today, PARTNERSHIP)
        if when is not None:
            found.append(Due(when[0], PARTNERSHIP, when[1], customer, key_contact(customer.active)))
    return found


def key_contact(contacts: list[Any]) -> Any:
    """Whom a customer's anniversary greeting goes to: a contact who consented to
    greetings before one who did not, a decision maker before others."""
    if not contacts:
        return None
    return min(
        contacts,
        key=lambda c: (not c.consent_greetings, c.decision_role != "decision_maker", c.name, c.pk),
    )


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.customers.selectors import customers_visible_to

    today = timezone.localdate(now)
    visible = customers_visible_to(user=user, kind="contact").values("pk")
    dues = [
        *_contact_dues(visible, today, "birthday", BIRTHDAY),
        *_contact_dues(visible, today, "in_post_since", IN_POST),
        *_partnership_dues(visible, today),
    ]
    dues.sort(key=lambda d: (d.day, OCCASIONS.index(d.occasion), d.customer.name, d.years))
    return PanelData(items=[_item(d, today) for d in dues[:LIMIT]], total=len(dues))


def _item(due: Due, today: dt.date) -> PanelItem:
    contact, customer = due.contact, due.customer
    greeting = None
    if contact is not None:
        greeting = suggest_greeting(
            consented=contact.consent_greetings,
            preferred=contact.preferred_channel,
            addresses={"phone": contact.phone, "email": contact.email, "wechat": contact.wechat},
            contact_name=contact.name,
            manager_name=str(customer.manager) if customer.manager else "",
            occasion=due.occasion,
            years=due.years,
            customer_name=customer.name,
        )
    sendable = greeting is not None and greeting.channel in ("sms", "email")
    return PanelItem(
        title=_("%(occasion)s: %(who)s")
        % {"occasion": occasion_label(due.occasion, due.years), "who": _who(due)},
        url=reverse("customers:detail", args=[customer.pk]) + "#contacts",
        customer=customer.name,
        detail=greeting.text if greeting else _no_greeting(contact),
        when=due.day,
        tone="info" if due.day == today else "",
        badge=_channel_label(greeting.channel) if greeting else "",
        action_label=_("Send the greeting") if sendable else "",
        action_url=reverse("home_greeting", args=[contact.pk, due.occasion]) if sendable else "",
    )


def _who(due: Due) -> str:
    contact = due.contact
    if contact is None:
        return str(due.customer.name)
    return f"{contact.name} · {contact.title}" if contact.title else str(contact.name)


def _no_greeting(contact: Any) -> str:
    if contact is None:
        return _("No greeting: the customer has no active contact.")
    return _("No greeting: the contact has not consented or has no usable channel.")


def _channel_label(channel: str) -> str:
    from kamdesk.customers.models import Channel

    return str(dict(Channel.choices).get(channel, channel))
