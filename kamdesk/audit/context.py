"""What the audit trail knows about the current request, without passing it everywhere.

Selectors and services deep below a view have no request, yet an audit event needs the
client address. ``AuditContextMiddleware`` puts it in a context variable for the
request's duration, and flushes refusals that were recorded inside a transaction
which then rolled back (see ``services.audit_refusal``).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass
class RequestContext:
    ip: str | None = None
    pending: list[dict[str, Any]] = field(default_factory=list)
    # Whether this request already wrote (or queued) a refusal: then a 403 answer
    # needs no second event.
    refused: bool = False


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "kam_audit_request", default=None
)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: behind the TLS proxy, the one the proxy appended last."""
    if settings.SECURE_PROXY_SSL_HEADER is not None:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def current() -> RequestContext | None:
    return _current.get()


def current_ip() -> str | None:
    ctx = _current.get()
    return ctx.ip if ctx is not None else None


class AuditContextMiddleware:
    """Sets the request context, and writes pending refusals once the view is done."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = RequestContext(ip=client_address(request))
        token = _current.set(ctx)
        try:
            response = self.get_response(request)
            if response.status_code == 403 and not ctx.refused:
                _refused_by_answer(request)
            return response
        finally:
            from kamdesk.audit.services import audit_refusals_flush

            audit_refusals_flush()
            _current.reset(token)


def _refused_by_answer(request: HttpRequest) -> None:
    """Every 403 is a refusal: record it when the code that refused did not.

    This catches the ``PermissionDenied`` of any view or API operation, including
    those of capabilities added later; refusals answered 404 (outside one's scope)
    are recorded by the selectors, which alone know that the row exists.
    """
    from kamdesk.audit.services import audit_refusal

    actor = getattr(request, "auth", None) or getattr(request, "user", None)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    audit_refusal(
        actor=actor,
        data_kind="",
        target_type="http",
        target_id=request.path[:64],
        extra={"method": request.method, "path": request.path[:300], "status": 403},
    )
