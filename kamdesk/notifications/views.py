"""A member of staff's notifications (in-app) and their preferences."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.core.templatetags.kam import cn_datetime
from kamdesk.notifications.forms import PreferenceForm, SnoozeForm
from kamdesk.notifications.selectors import BOXES, KIND_GROUPS, InboxFilters, inbox_of
from kamdesk.notifications.services import (
    InboxError,
    notification_done,
    notification_read,
    notification_snooze,
    notifications_read_all,
    preference_of,
    preference_save,
)
from kamdesk.users.http import StaffRequest


def _filters(request: StaffRequest) -> InboxFilters:
    box = request.GET.get("box", "inbox")
    if request.GET.get("unread") == "1":
        box = "unread"
    return InboxFilters(
        box=box if box in BOXES else "inbox",
        group=request.GET.get("kind", "") if request.GET.get("kind") in KIND_GROUPS else "",
        q=request.GET.get("q", "")[:100],
    )


@require_GET
def inbox(request: StaffRequest) -> HttpResponse:
    """The alert inbox: boxes (inbox, unread, snoozed, done, all), kinds and a search."""
    filters = _filters(request)
    page = Paginator(inbox_of(user=request.user, filters=filters), 30).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "boxes": _box_labels(),
        "groups": _group_labels(),
        "snooze_hours": (1, 4, 24, 72),
    }
    return render(request, "notifications/inbox.html", context)


def _box_labels() -> list[tuple[str, str]]:
    labels = {
        "inbox": _("Inbox"),
        "unread": _("Unread"),
        "snoozed": _("Snoozed"),
        "done": _("Done"),
        "all": _("All"),
    }
    return [(box, labels[box]) for box in BOXES]


def _group_labels() -> list[tuple[str, str]]:
    labels = {
        "sla": _("SLA warnings and escalations"),
        "request": _("Requests"),
        "step": _("Back-office steps"),
        "visit": _("Visits"),
        "commitment": _("Commitments"),
        "risk": _("Risk alerts"),
        "handover": _("Handovers"),
        "advice": _("Opportunities"),
    }
    return [(group, labels[group]) for group in KIND_GROUPS]


def _back(request: StaffRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
def snooze(request: StaffRequest, notification_id: int) -> HttpResponse:
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(m) for errs in form.errors.values() for m in errs))
        return _back(request)
    now = timezone.now()
    data = form.cleaned_data
    until = data["until"] or now + dt.timedelta(hours=data["hours"])
    try:
        row = notification_snooze(
            user=request.user, notification_id=notification_id, until=until, now=now
        )
    except InboxError as exc:
        messages.error(request, str(exc))
        return _back(request)
    if row is None:
        raise Http404
    messages.success(
        request, _("Snoozed until %(until)s.") % {"until": cn_datetime(row.snoozed_until)}
    )
    return _back(request)


@require_POST
def done(request: StaffRequest, notification_id: int) -> HttpResponse:
    undo = request.POST.get("undo") == "1"
    row = notification_done(user=request.user, notification_id=notification_id, done=not undo)
    if row is None:
        raise Http404
    return _back(request)


@require_POST
def read(request: StaffRequest, notification_id: int) -> HttpResponse:
    row = notification_read(user=request.user, notification_id=notification_id)
    target = row.url if row is not None else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
def read_all(request: StaffRequest) -> HttpResponse:
    notifications_read_all(user=request.user)
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
def preferences(request: StaffRequest) -> HttpResponse:
    pref = preference_of(user=request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={
            "email_enabled": pref.email_enabled,
            "muted_kinds": pref.muted_kinds,
            "quiet_start": pref.quiet_start,
            "quiet_end": pref.quiet_end,
            "digest_enabled": pref.digest_enabled,
            "digest_time": pref.digest_time,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        preference_save(
            user=request.user,
            email_enabled=data["email_enabled"],
            muted_kinds=data["muted_kinds"],
            quiet_start=data["quiet_start"],
            quiet_end=data["quiet_end"],
            digest_enabled=data["digest_enabled"],
            digest_time=data["digest_time"],
        )
        messages.success(request, _("Preferences saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences_digest.html", {"form": form})


@require_GET
def sms_outbox(request: StaffRequest) -> HttpResponse:
    """The demo's stand-in for customers' phones: with the ``local`` SMS backend (demo and
    test only) the SMS that would have gone to customers — one-time codes included — are
    shown here so a demo can be followed end to end. With a real gateway it is a 404."""
    from kamdesk.notifications.models import OutboundMessage, OutboxChannel
    from kamdesk.notifications.sms import sms_backend

    if sms_backend() != "local":
        raise Http404
    rows = OutboundMessage.objects.filter(channel=OutboxChannel.SMS).order_by("-pk")[:50]
    return render(request, "notifications/sms_outbox.html", {"rows": rows})
