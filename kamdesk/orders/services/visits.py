"""Orders from an on-site service day: the items collected there (applications,
handsets, SIM cards, bill questions) are handed to a draft order. Dependencies run one
way: orders uses the visits app's selectors and services, never the reverse."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.models import Order
from kamdesk.orders.services.orders import order_create
from kamdesk.users.models import User
from kamdesk.visits.models import OnSiteItem, OnSiteItemStatus, Visit
from kamdesk.visits.selectors import visit_get


def visit_for_order(*, user: User, visit_id: int) -> tuple[Visit, QuerySet[OnSiteItem]]:
    visit = visit_get(user=user, visit_id=visit_id)
    items = OnSiteItem.objects.filter(visit=visit, status=OnSiteItemStatus.OPEN).order_by("pk")
    return visit, items


def order_from_onsite_items(
    *, actor: User, visit: Visit, items: list[OnSiteItem], note: str = ""
) -> Order:
    from kamdesk.visits.services import onsite_item_hand_over

    if not items:
        raise ValidationFailed({"items": [_("Choose at least one on-site item.")]})
    if any(i.visit_id != visit.pk or i.status != OnSiteItemStatus.OPEN for i in items):
        raise ValidationFailed({"items": [_("An item is not open on this visit.")]})
    lines = [
        f"{i.get_kind_display()}: {i.description}"
        + (f" ({i.requester_name})" if i.requester_name else "")
        for i in items
    ]
    text: Any = "\n".join([note.strip(), *lines]).strip()
    with transaction.atomic():
        order = order_create(actor=actor, customer=visit.customer, note=text, source_visit=visit)
        for item in items:
            onsite_item_hand_over(item=item, actor=actor, reference=order.number)
    return order
