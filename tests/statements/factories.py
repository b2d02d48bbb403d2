"""Delivery preferences for statements tests."""

from __future__ import annotations

from kamdesk.statements.models import Subscription


def preference(group, **overrides) -> Subscription:
    """An e-mail preference: the itemised statement of the first member to the contact."""
    values = {
        "customer": group.customer,
        "account": group.group_account,
        "subscriber": group.members[0],
        "document": "statement",
        "format": "pdf",
        "channel": "email",
        "recipient_kind": "contact",
        "contact": group.contact,
        "email": group.contact.email,
        "phone": group.contact.phone,
        "day_of_month": 5,
    }
    values.update(overrides)
    return Subscription.objects.create(**values)
