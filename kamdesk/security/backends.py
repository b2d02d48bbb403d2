"""The local-account backend: Django's ``ModelBackend`` that refuses locked-out sign-ins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from kamdesk.audit.context import client_address, current_ip
from kamdesk.security.signin import lockout_remaining


class LockoutModelBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        ip = client_address(request) if request is not None else current_ip()
        if lockout_remaining(username=username, ip=ip) is not None:
            # PermissionDenied stops Django trying other backends; the password is not
            # even checked while locked, and the failure signal records the attempt.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
