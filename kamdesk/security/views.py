"""The second-factor pages: enrol an authenticator, and pass it after the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamdesk.security.forms import TotpCodeForm
from kamdesk.security.mfa import (
    confirmed_device,
    mark_passed,
    mfa_locked,
    qr_svg,
    totp_check,
    totp_enrol_confirm,
    totp_enrol_start,
)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"


@require_http_methods(["GET", "POST"])
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        return redirect("mfa_verify")
    device = totp_enrol_start(user=request.user)
    form = TotpCodeForm(request.POST or None)
    if form.is_valid():
        if totp_enrol_confirm(user=request.user, code=form.cleaned_data["code"]):
            mark_passed(request)
            messages.success(request, _("Your authenticator is set up."))
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right. Try the next one."))
    secret = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    return render(request, "security/mfa_enrol.html", {"form": form, "secret": secret})


@require_GET
def mfa_qr(request: HttpRequest) -> HttpResponse:
    """The enrolment QR code as SVG (only while the device is not yet confirmed)."""
    if confirmed_device(request.user) is not None:
        return HttpResponse(status=404)
    return HttpResponse(qr_svg(totp_enrol_start(user=request.user)), content_type="image/svg+xml")


@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is None:
        return redirect("mfa_enrol")
    form = TotpCodeForm(request.POST or None)
    if form.is_valid():
        if totp_check(user=request.user, code=form.cleaned_data["code"]):
            mark_passed(request)
            return redirect(_next_url(request))
        if mfa_locked(request.user):
            logout(request)
            messages.error(request, _("Too many wrong codes. Sign in again later."))
            return redirect("login")
        form.add_error("code", _("That code is not right. Try the next one."))
    return render(request, "security/mfa_verify.html", {"form": form})
