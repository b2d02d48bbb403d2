"""Fulfilment steps that need a back-office department (number porting, handset
logistics, a dedicated line's installation) go through the green channel of the
requests capability: the order opens one request and hands steps to departments."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.models import Order, OrderStatus
from kamdesk.orders.services.events import order_event
from kamdesk.tickets.models import Category, Step
from kamdesk.tickets.services.steps import step_add
from kamdesk.tickets.services.tickets import TicketInput, ticket_create
from kamdesk.users.models import Department, User

CATEGORY = "new_service"


def order_green_channel(
    *, order: Order, actor: User, department: Department, instructions: str
) -> Step:
    if order.status in (OrderStatus.CANCELLED, OrderStatus.REJECTED):
        raise ValidationFailed({"department": [_("This order is closed.")]})
    if not instructions.strip():
        raise ValidationFailed({"instructions": [_("Say what the department must do.")]})
    with transaction.atomic():
        ticket = order.fulfilment_ticket
        if ticket is None or not ticket.is_open:
            ticket = ticket_create(
                actor=actor,
                data=TicketInput(
                    customer=order.customer,
                    category=Category.objects.get(code=CATEGORY),
                    channel="visit",
                    title=_("Fulfilment of order %(number)s") % {"number": order.number},
                    description=order.note,
                    owner=order.owner,
                ),
            )
            order.fulfilment_ticket = ticket
            order.save(update_fields=["fulfilment_ticket", "updated_at"])
        step = step_add(
            ticket=ticket, actor=actor, department=department, instructions=instructions
        )
        order_event(
            order=order,
            kind="green_channel",
            actor=actor,
            text=f"{ticket.number} {department.name}: {instructions.strip()}",
        )
    return step
