"""Birthdays of key contacts in the next seven days, with a suggested greeting through the
channel the contact prefers — only where they consented to such messages."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.home.greetings import next_occurrence, suggest_greeting
from kamdesk.home.panels import PanelData, PanelItem
from kamdesk.users.models import User

DAYS = 7
LIMIT = 12


def available() -> bool:
    from kamdesk.customers import selectors

    return hasattr(selectors, "customers_visible_to")


def _week_filter(today: dt.date) -> Q:
    days = [today + dt.timedelta(days=i) for i in range(DAYS)]
    parts = [Q(birthday__month=d.month, birthday__day=d.day) for d in days]
    if any(d.month == 2 and d.day == 28 for d in days):
        parts.append(Q(birthday__month=2, birthday__day=29))
    return reduce(or_, parts)


def provide(*, user: User, now: dt.datetime) -> PanelData:
    from kamdesk.customers.models import Contact
    from kamdesk.customers.selectors import customers_visible_to

    today = timezone.localdate(now)
    visible = customers_visible_to(user=user, kind="contact").values("pk")
    rows = list(
        Contact.objects.filter(customer__in=visible, is_active=True, birthday__isnull=False)
        .filter(_week_filter(today))
        .select_related("customer__manager")[:200]
    )
    rows.sort(key=lambda c: (next_occurrence(c.birthday, today), c.name))  # type: ignore[arg-type]
    return PanelData(items=[_item(c, today) for c in rows[:LIMIT]], total=len(rows))


def _item(contact: object, today: dt.date) -> PanelItem:
    from kamdesk.customers.models import Contact

    assert isinstance(contact, Contact) and contact.birthday is not None
    day = next_occurrence(contact.birthday, today)
    manager = contact.customer.manager
    greeting = suggest_greeting(
        consented=contact.consent_greetings,
        preferred=contact.preferred_channel,
        addresses={"phone": contact.phone, "email": contact.email, "wechat": contact.wechat},
        contact_name=contact.name,
        manager_name=str(manager) if manager else "",
    )
    url = reverse("customers:detail", args=[contact.customer_id]) + "#contacts"
    if greeting is None:
        detail = _("No greeting: the contact has not consented or has no usable channel.")
    else:
        detail = greeting.text
    return PanelItem(
        title=f"{contact.name} · {contact.title}" if contact.title else contact.name,
        url=url,
        customer=contact.customer.name,
        detail=detail,
        when=day,
        tone="info" if day == today else "",
        badge=_channel_label(greeting.channel) if greeting else "",
        action_label=_("Send the greeting")
        if greeting and greeting.channel in ("sms", "email")
        else "",
        action_url=reverse("home_greeting", args=[contact.pk])
        if greeting and greeting.channel in ("sms", "email")
        else "",
    )


def _channel_label(channel: str) -> str:
    from kamdesk.customers.models import Channel

    return str(dict(Channel.choices).get(channel, channel))
