"""Personal iCalendar feeds and one-visit .ics files.

A feed leaves the intranet (Outlook, Apple Calendar and Thunderbird fetch it from
wherever the manager is), so by default an event carries only an opaque reference — the
customer code and the visit id — and no name, address or purpose. An administrator may
turn on full details (``VisitSettings.feed_full_details``) for a calendar server inside
the operator's network. Tokens are random; only their SHA-256 is kept; a revoked or
unknown token answers 404.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kamdesk.audit.services import audit_record
from kamdesk.core.crypto import token_hash
from kamdesk.users.models import User
from kamdesk.visits.models import CalendarFeed, Visit, VisitSettings, VisitStatus

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 366
DEFAULT_START = dt.time(9, 30)


def feed_create(*, user: User) -> str:
    """A new feed token for ``user`` (shown once); earlier feeds stay until revoked."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
        audit_record(actor=user, action="visit.feed_created", target=feed)
    return token


def feed_revoke(*, feed: CalendarFeed, actor: User) -> CalendarFeed:
    if feed.revoked_at is None:
        with transaction.atomic():
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at", "updated_at"])
            audit_record(actor=actor, action="visit.feed_revoked", target=feed)
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed of ``token``; None when unknown, revoked, or its owner inactive."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is not None:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


def feed_visits(*, user: User, today: dt.date | None = None) -> list[Visit]:
    today = today or timezone.localdate()
    return list(
        Visit.objects.select_related("customer")
        .filter(
            manager=user,
            planned_date__gte=today - dt.timedelta(days=FEED_PAST_DAYS),
            planned_date__lte=today + dt.timedelta(days=FEED_FUTURE_DAYS),
        )
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("planned_date", "planned_time")
    )


def _event(visit: Visit, full: bool, stamp: dt.datetime, tz: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"visit-{visit.pk}@kamdesk")
    event.add("dtstamp", stamp)
    start = dt.datetime.combine(visit.planned_date, visit.planned_time or DEFAULT_START, tzinfo=tz)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=visit.planned_minutes or 60))
    reference = f"{visit.customer.code} #V{visit.pk}"
    if full:
        event.add("summary", f"{visit.customer.name} · {visit.get_kind_display()}")
        event.add("location", visit.customer.address or visit.customer.district)
        event.add("description", f"{reference}\n{visit.purpose}")
    else:
        event.add("summary", _("Visit %(ref)s") % {"ref": reference})
    event.add("status", "CANCELLED" if visit.status == VisitStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_ics(*, visits: Iterable[Visit], full: bool | None = None, name: str = "") -> bytes:
    """An iCalendar document of ``visits``; ``full`` defaults to the administrator setting."""
    if full is None:
        full = VisitSettings.current().feed_full_details
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//KAM Desk//visits//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for visit in visits:
        cal.add_component(_event(visit, full, stamp, tz))
    if any(True for _c in cal.walk("VEVENT")):
        cal.add_missing_timezones()
    return cal.to_ical()
