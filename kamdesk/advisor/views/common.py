"""Helpers shared by the adviser's pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can


def need(request: StaffRequest, action: str, kind: str = "advice") -> None:
    """Without the right to view, nothing exists (404); without the right to change, 403."""
    if not can(request.user, "view", kind):
        raise Http404("Not found")
    if action != "view" and not can(request.user, action, kind):
        raise PermissionDenied
