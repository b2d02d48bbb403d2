"""Nothing but the second-factor pages until a person who needs TOTP has passed it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kamdesk.security.mfa import confirmed_device, mfa_passed, mfa_required

# Views a signed-in person may reach before the second factor.
_EXEMPT_URL_NAMES = {"logout", "mfa_enrol", "mfa_verify", "mfa_qr"}
_NOT_ENROLLED_KEY = "kam_mfa_not_enrolled"


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # Public views (sign-in, health, the bearer-token API) answer without a session.
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in _EXEMPT_URL_NAMES:
            return None
        if mfa_passed(request):
            return None
        required = mfa_required(user)
        if not required and request.session.get(_NOT_ENROLLED_KEY) == user.pk:
            return None
        device = confirmed_device(user)
        if device is None and not required:
            # Remember for this session, saving a query on every page.
            request.session[_NOT_ENROLLED_KEY] = user.pk
            return None
        target = reverse("mfa_verify" if device is not None else "mfa_enrol")
        if getattr(request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return HttpResponseRedirect(target)
