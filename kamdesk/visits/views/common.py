"""Helpers shared by the visit pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


def require(request: StaffRequest, action: str, kind: str = "visit") -> None:
    if not can(request.user, action, kind):
        raise PermissionDenied
