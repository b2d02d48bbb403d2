"""Single sign-on through the operator's 4A platform by OIDC (mozilla-django-oidc).

On only when ``OIDC_RP_CLIENT_ID`` is set. 4A proves who the person is; KAM Desk
decides what they may do: a 4A identity signs in only as an existing, active staff
member, matched by staff id (``OIDC_STAFF_ID_CLAIM``) or else by username
(``OIDC_USERNAME_CLAIM``). No account is ever created from 4A claims. Local accounts
remain the fallback when 4A is down.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from kamdesk.users.models import User


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return str(value).strip() if value not in (None, "") else ""


class FourAOidcBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(
            _claim(claims, settings.OIDC_STAFF_ID_CLAIM)
            or _claim(claims, settings.OIDC_USERNAME_CLAIM)
        )

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        staff_id = _claim(claims, settings.OIDC_STAFF_ID_CLAIM)
        active = User.objects.filter(is_active=True)
        if staff_id:
            return active.filter(staff_id=staff_id)
        return active.filter(username=_claim(claims, settings.OIDC_USERNAME_CLAIM))

    def create_user(self, claims: dict[str, Any]) -> None:  # type: ignore[override]
        return None  # never reached with OIDC_CREATE_USER = False; kept as a guard


def _only_when_enabled(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("single sign-on is not configured")
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


oidc_authenticate = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
oidc_callback = _only_when_enabled(OIDCAuthenticationCallbackView.as_view())
