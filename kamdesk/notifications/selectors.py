"""Reads of a member of staff's notifications."""

from __future__ import annotations

from django.db.models import QuerySet

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
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
