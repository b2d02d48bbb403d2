"""The manager's home (one lazily loaded panel per capability), greetings and
handovers."""

from __future__ import annotations

import logging

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.home.forms import HandoverForm
from kamdesk.home.greetings import BIRTHDAY
from kamdesk.home.panels import panel_get, panels_for
from kamdesk.home.selectors import (
    handover_candidates,
    handover_get,
    handovers_visible_to,
    standing_in_for,
)
from kamdesk.home.services import HandoverInput, greeting_send, handover_perform
from kamdesk.users.http import StaffRequest
from kamdesk.users.models import Role

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """``/``: the manager's (or supervisor's) day; other roles go to their own start page."""
    user = request.user
    role = getattr(user, "role", "")
    if role == Role.BACKOFFICE:
        return redirect("tickets:queue")
    if role not in (Role.MANAGER, Role.SUPERVISOR):
        return redirect("customers:list")
    context = {
        "panels": panels_for(user=user),  # type: ignore[arg-type]
        "standing_in": standing_in_for(user=user),  # type: ignore[arg-type]
        "today": timezone.localdate(),
        "is_supervisor": role == Role.SUPERVISOR,
        "scorecard_url": reverse("scorecards:start")
        if apps.is_installed("kamdesk.scorecards")
        else "",
    }
    return render(request, "home/home.html", context)


@require_GET
def panel(request: StaffRequest, key: str) -> HttpResponse:
    """One panel's fragment. A panel the user may not see, or whose capability fails,
    answers an empty fragment: htmx swaps the placeholder away and the page lives on."""
    found = panel_get(user=request.user, key=key)
    if found is None:
        return HttpResponse("")
    spec, provide = found
    try:
        data = provide(user=request.user, now=timezone.now())
    except Exception:  # noqa: BLE001 - one broken capability must not break the home page
        log.exception("home panel %s failed", key)
        return HttpResponse("")
    return render(request, "home/_panel.html", {"spec": spec, "data": data})


@require_POST
def greeting(request: StaffRequest, contact_id: int, occasion: str = BIRTHDAY) -> HttpResponse:
    try:
        channel = greeting_send(actor=request.user, contact_id=contact_id, occasion=occasion)
    except ValidationFailed as exc:
        messages.error(request, "; ".join(m for msgs in exc.errors.values() for m in msgs))
    else:
        messages.success(request, _("Greeting sent (%(channel)s).") % {"channel": channel})
    return redirect("home")


@require_GET
def handover_list(request: StaffRequest) -> HttpResponse:
    page = Paginator(handovers_visible_to(user=request.user), 30).get_page(request.GET.get("page"))
    can_create = request.user.role in (Role.SUPERVISOR, Role.SYSTEM_ADMIN)
    return render(request, "home/handovers.html", {"page": page, "can_create": can_create})


@require_GET
def handover_detail(request: StaffRequest, handover_id: int) -> HttpResponse:
    handover = handover_get(user=request.user, handover_id=handover_id)
    lines = handover.lines.select_related("customer")
    labels = {
        "requests": _("Requests"),
        "visits": _("Visits"),
        "commitments": _("Commitments"),
        "orders": _("Orders"),
    }
    moved = [(labels.get(name, name), count) for name, count in handover.moved.items()]
    context = {"handover": handover, "lines": lines, "moved": moved}
    return render(request, "home/handover_detail.html", context)


@require_http_methods(["GET", "POST"])
def handover_new(request: StaffRequest) -> HttpResponse:
    if request.user.role not in (Role.SUPERVISOR, Role.SYSTEM_ADMIN):
        raise Http404
    form = HandoverForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = handover_perform(
                actor=request.user,
                data=HandoverInput(
                    from_manager_id=data["from_manager"],
                    to_manager_id=data["to_manager"],
                    customer_ids=data["customers"],
                    reason=data["reason"],
                    note=data["note"],
                    tell_contacts=data["tell_contacts"],
                ),
            )
        except ValidationFailed as exc:
            form.show_errors(exc.errors)
        else:
            messages.success(request, _("The customers were handed over."))
            return redirect("handover_detail", handover.pk)
    return render(request, "home/handover_new.html", {"form": form})


@require_GET
def handover_customers(request: StaffRequest) -> HttpResponse:
    """The customers of the chosen manager (htmx, when the "from" manager changes)."""
    try:
        manager_id = int(request.GET.get("from_manager", ""))
    except ValueError:
        manager_id = 0
    customers = handover_candidates(user=request.user, manager_id=manager_id)
    return render(request, "home/_handover_customers.html", {"customers": customers[:500]})
