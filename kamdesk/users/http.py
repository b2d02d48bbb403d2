"""The request type of staff pages, for the type checker.

``LoginRequiredMiddleware`` lets only signed-in staff reach a page, and
``HtmxMiddleware`` adds ``htmx``; this class says so, so views need no casts.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kamdesk.users.models import User


class StaffRequest(HttpRequest):
    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
