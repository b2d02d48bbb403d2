"""A member of staff's notifications (in-app) and their preferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.notifications.forms import PreferenceForm
from kamdesk.notifications.selectors import notifications_of
from kamdesk.notifications.services import (
    notification_read,
    notifications_read_all,
    preference_of,
    preference_save,
)
from kamdesk.users.http import StaffRequest


@require_GET
def inbox(request: StaffRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    qs = notifications_of(user=request.user, unread_only=unread)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


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
        )
        messages.success(request, _("Preferences saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@require_GET
def sms_outbox(request: StaffRequest) -> HttpResponse:
    """The demo's stand-in for customers' phones: with the ``local`` SMS backend (demo and
    test only) the SMS that would have gone to customers — one-time codes included — are
    shown here so a demo can be followed end to end. With a real gateway it is a 404."""
    from django.http import Http404

    from kamdesk.notifications.models import OutboundMessage, OutboxChannel
    from kamdesk.notifications.sms import sms_backend

    if sms_backend() != "local":
        raise Http404
    rows = OutboundMessage.objects.filter(channel=OutboxChannel.SMS).order_by("-pk")[:50]
    return render(request, "notifications/sms_outbox.html", {"rows": rows})
