"""Reads of a member of staff's notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kamdesk.notifications.models import Notification
from kamdesk.users.models import User


def notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def unread_count(*, user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return _awake(Notification.objects.filter(user=user, read_at__isnull=True), None).count()


# The inbox's groups of kinds; a notification's kind is "<group>.<what>" (sla.warning).
KIND_GROUPS = ("sla", "request", "step", "visit", "commitment", "risk", "handover", "advice")
BOXES = ("inbox", "unread", "snoozed", "done", "all")


@dataclass(frozen=True)
class InboxFilters:
    box: str = "inbox"  # one of BOXES
    group: str = ""  # one of KIND_GROUPS, or "" for every kind
    q: str = ""


def _awake(qs: QuerySet[Notification], now: dt.datetime | None) -> QuerySet[Notification]:
    moment = now or timezone.now()
    return qs.filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=moment))


def inbox_of(
    *, user: User, filters: InboxFilters, now: dt.datetime | None = None
) -> QuerySet[Notification]:
    """The user's notifications in one box of the alert inbox, newest first.

    ``inbox`` holds what is neither done nor snoozed (a snooze that has passed is back);
    ``snoozed`` what waits; ``done`` what was dealt with; ``all`` everything."""
    moment = now or timezone.now()
    qs = Notification.objects.filter(user=user)
    if filters.box in ("inbox", "unread"):
        qs = _awake(qs.filter(done_at__isnull=True), moment)
        if filters.box == "unread":
            qs = qs.filter(read_at__isnull=True)
    elif filters.box == "snoozed":
        qs = qs.filter(done_at__isnull=True, snoozed_until__gt=moment)
    elif filters.box == "done":
        qs = qs.filter(done_at__isnull=False)
    if filters.group in KIND_GROUPS:
        qs = qs.filter(kind__startswith=f"{filters.group}.")
    if filters.q.strip():
        text = filters.q.strip()
        qs = qs.filter(Q(title__icontains=text) | Q(body__icontains=text))
    return qs.order_by("-created_at", "-pk")
