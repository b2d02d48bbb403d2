"""Helpers shared by the request pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


def require(request: StaffRequest, action: str, kind: str = "request") -> None:
    if not can(request.user, action, kind):
        raise PermissionDenied


def client_ip(request: StaffRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")
