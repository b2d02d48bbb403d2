"""Test data for the manager's day: requests with set clocks, placed directly."""

from __future__ import annotations

import datetime as dt

from kamdesk.tickets.models import Category, Ticket


def make_ticket(*, customer, owner=None, opened_at: dt.datetime, **fields) -> Ticket:
    defaults = {
        "channel": "phone",
        "category": Category.objects.order_by("pk").first(),
        "priority": "p3",
        "derived_priority": "p3",
        "title": fields.pop("title", "账单费用核查"),
        "status": "in_progress",
        "calendar_code": "cn",
        "response_minutes": 60,
        "resolution_minutes": 480,
    }
    defaults.update(fields)
    return Ticket.objects.create(
        customer=customer, owner=owner or customer.manager, opened_at=opened_at, **defaults
    )
