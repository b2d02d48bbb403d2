"""Suggested greetings for a contact's birthday (pure: no Django import besides gettext).

A greeting is suggested only where the contact consented to such messages, and through
the channel they prefer when the manager has the address for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Channels a greeting can go through, and the contact field each needs.
_CHANNEL_FIELD = {"sms": "phone", "call": "phone", "wechat": "wechat", "email": "email"}


@dataclass(frozen=True)
class Greeting:
    channel: str  # sms, call, wechat or email
    text: str


def next_occurrence(born: dt.date, today: dt.date) -> dt.date:
    """This year's (or next year's) birthday; 29 February falls on 28 February."""
    for year in (today.year, today.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable")


def greeting_channel(*, preferred: str, addresses: dict[str, str]) -> str:
    """The preferred channel if the manager can use it, else "" (no suggestion)."""
    needed = _CHANNEL_FIELD.get(preferred)
    return preferred if needed and addresses.get(needed) else ""


def suggest_greeting(
    *,
    consented: bool,
    preferred: str,
    addresses: dict[str, str],
    contact_name: str,
    manager_name: str,
) -> Greeting | None:
    if not consented:
        return None
    channel = greeting_channel(preferred=preferred, addresses=addresses)
    if not channel:
        return None
    if channel == "call":
        text = _("Call %(name)s to wish them a happy birthday.") % {"name": contact_name}
    else:
        text = _(
            "Dear %(name)s, happy birthday! Thank you for your trust and support. "
            "Wishing you good health and every success. — %(manager)s, your account manager"
        ) % {"name": contact_name, "manager": manager_name}
    return Greeting(channel=channel, text=text)
