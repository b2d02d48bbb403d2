"""The request's timeline and the notifications that go with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kamdesk.notifications.services import notify
from kamdesk.tickets.models import Step, Ticket, TicketEvent
from kamdesk.users.models import Role, User


def event_record(
    *,
    ticket: Ticket,
    kind: str,
    actor: User | None = None,
    text: str = "",
    step: Step | None = None,
    data: dict[str, Any] | None = None,
    dedup_key: str | None = None,
    at: dt.datetime | None = None,
) -> TicketEvent | None:
    """Add an event to the timeline; None when ``dedup_key`` was recorded already."""
    actor_row = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            return TicketEvent.objects.create(
                ticket=ticket,
                step=step,
                kind=kind,
                actor=actor_row,
                text=text,
                data=data or {},
                dedup_key=dedup_key,
                at=at or timezone.now(),
            )
    except IntegrityError:
        if dedup_key is None:
            raise
        return None


def ticket_url(ticket: Ticket) -> str:
    return reverse("tickets:detail", args=[ticket.pk])


def step_url(step: Step) -> str:
    return reverse("tickets:step", args=[step.pk])


def tell(
    *,
    users: list[User],
    kind: str,
    title: str,
    key: str,
    url: str,
    body: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Notify each user once for ``key`` (``key`` + the user's id is the dedup key)."""
    told = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        told += (
            notify(
                user=user,
                kind=kind,
                title=title,
                body=body,
                url=url,
                dedup_key=f"{key}:u{user.pk}",
                now=now,
            )
            is not None
        )
    return told


def supervisor_of(user: User) -> User | None:
    team = user.team if user.team_id else None
    return team.supervisor if team is not None else None


def department_agents(department_id: int) -> list[User]:
    return list(
        User.objects.filter(role=Role.BACKOFFICE, department_id=department_id, is_active=True)
    )
