"""The auditor's review queue of insider-risk signals (E1)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.core.errors import ValidationFailed
from kamdesk.security.forms import SignalReviewForm
from kamdesk.security.models import SignalStatus
from kamdesk.security.selectors import insider_signal_get, insider_signals_for, signal_evidence
from kamdesk.security.services import insider_signal_review
from kamdesk.users.models import User
from kamdesk.users.permissions import can


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the login middleware let only staff through
    return user


@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", SignalStatus.OPEN)
    status = status if status in SignalStatus.values or status == "" else SignalStatus.OPEN
    signals = insider_signals_for(user=_staff(request), status=status)
    page = Paginator(signals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "security/signal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": SignalStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    action = "change" if request.method == "POST" else "view"
    signal = insider_signal_get(user=_staff(request), signal_id=signal_id, action=action)
    form = SignalReviewForm(request.POST or None)
    if form.is_valid():
        try:
            insider_signal_review(signal=signal, actor=_staff(request), **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_error("conclusion", exc.errors["conclusion"][0])
        else:
            messages.success(request, _("Conclusion recorded."))
            return redirect("insider_signals")
    return render(
        request,
        "security/signal_detail.html",
        {
            "signal": signal,
            "form": form,
            "events": signal_evidence(signal=signal),
            "can_review": can(_staff(request), "change", "insider_signal"),
        },
    )
