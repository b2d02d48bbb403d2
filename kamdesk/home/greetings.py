"""Suggested greetings for a key contact's occasions (pure: no Django import besides
gettext): their birthday, the anniversary of taking their post (任职纪念日) and the
anniversary of their company's partnership with the operator (合作纪念日).

A greeting is suggested only where the contact consented to such messages, and through
the channel they prefer when the manager has the address for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Channels a greeting can go through, and the contact field each needs.
_CHANNEL_FIELD = {"sms": "phone", "call": "phone", "wechat": "wechat", "email": "email"}

BIRTHDAY = "birthday"
IN_POST = "in_post"  # the contact's anniversary in their post
PARTNERSHIP = "partnership"  # the customer's anniversary with the operator
OCCASIONS = (BIRTHDAY, IN_POST, PARTNERSHIP)


@dataclass(frozen=True)
class Greeting:
    channel: str  # sms, call, wechat or email
    text: str


def next_occurrence(born: dt.date, today: dt.date) -> dt.date:
    """This year's (or next year's) date of an occasion; 29 February falls on 28 February
    in other years."""
    for year in (today.year, today.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable")


def years_on(start: dt.date, day: dt.date) -> int:
    """Whole years from ``start`` to its occurrence on ``day`` (the N of "N周年")."""
    return day.year - start.year


def occasion_label(occasion: str, years: int = 0) -> str:
    if occasion == IN_POST:
        return ngettext("%(years)s year in the post", "%(years)s years in the post", years) % {
            "years": years
        }
    if occasion == PARTNERSHIP:
        return ngettext(
            "%(years)s year of partnership", "%(years)s years of partnership", years
        ) % {"years": years}
    return _("Birthday")


def greeting_subject(occasion: str, years: int = 0) -> str:
    """The subject of a greeting sent by e-mail."""
    if occasion == IN_POST:
        return _("Congratulations on your anniversary in the post")
    if occasion == PARTNERSHIP:
        return ngettext(
            "Thank you for %(years)s year of partnership",
            "Thank you for %(years)s years of partnership",
            years,
        ) % {"years": years}
    return _("Happy birthday")


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
    occasion: str = BIRTHDAY,
    years: int = 0,
    customer_name: str = "",
) -> Greeting | None:
    if not consented:
        return None
    channel = greeting_channel(preferred=preferred, addresses=addresses)
    if not channel:
        return None
    names = {
        "name": contact_name,
        "manager": manager_name,
        "years": years,
        "customer": customer_name,
    }
    if channel == "call":
        return Greeting(channel=channel, text=_call_text(occasion, years) % names)
    return Greeting(channel=channel, text=_message_text(occasion, years) % names)


def _call_text(occasion: str, years: int) -> str:
    if occasion == IN_POST:
        return ngettext(
            "Call %(name)s to congratulate them on %(years)s year in their post.",
            "Call %(name)s to congratulate them on %(years)s years in their post.",
            years,
        )
    if occasion == PARTNERSHIP:
        return ngettext(
            "Call %(name)s to thank %(customer)s for %(years)s year of partnership.",
            "Call %(name)s to thank %(customer)s for %(years)s years of partnership.",
            years,
        )
    return _("Call %(name)s to wish them a happy birthday.")


def _message_text(occasion: str, years: int) -> str:
    if occasion == IN_POST:
        return ngettext(
            "Dear %(name)s, congratulations on %(years)s year in your post! Thank you for "
            "your trust and support. Wishing you every success in your work. — "
            "%(manager)s, your account manager",
            "Dear %(name)s, congratulations on %(years)s years in your post! Thank you "
            "for your trust and support. Wishing you every success in your work. — "
            "%(manager)s, your account manager",
            years,
        )
    if occasion == PARTNERSHIP:
        return ngettext(
            "Dear %(name)s, on %(years)s year of partnership between %(customer)s and "
            "China Mobile, thank you for your trust; we look forward to many more. — "
            "%(manager)s, your account manager",
            "Dear %(name)s, on %(years)s years of partnership between %(customer)s and "
            "China Mobile, thank you for your trust; we look forward to many more. — "
            "%(manager)s, your account manager",
            years,
        )
    return _(
        "Dear %(name)s, happy birthday! Thank you for your trust and support. "
        "Wishing you good health and every success. — %(manager)s, your account manager"
    )
