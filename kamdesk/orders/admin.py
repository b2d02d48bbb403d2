"""The configuration console for orders: the interfaces to BOSS and the real-name
platform, and the order rules. Orders themselves change only through the services."""

from __future__ import annotations

import secrets

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.audit.services import audit_record
from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.core.crypto import token_hash
from kamdesk.orders.models import ExternalInterface, OrderPolicy


@admin.action(description=gettext_lazy("Issue a new callback token"))
def issue_callback_token(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[ExternalInterface]
) -> None:
    for system in queryset:
        raw = secrets.token_urlsafe(32)
        system.callback_token_hash = token_hash(raw)
        system.save(update_fields=["callback_token_hash", "updated_at"])
        audit_record(actor=request.user, action="config.externalinterface.token", target=system)
        # Shown once, like an API token: only its hash is kept.
        messages.warning(
            request,
            _("Callback token of %(system)s (shown once): %(token)s")
            % {"system": system, "token": raw},
        )


@admin.register(ExternalInterface)
class ExternalInterfaceAdmin(AuditedAdmin):
    list_display = ("kind", "endpoint_url", "is_active", "timeout_seconds", "max_attempts")
    exclude = ("callback_token_hash",)
    actions = [issue_callback_token]


@admin.register(OrderPolicy)
class OrderPolicyAdmin(AuditedAdmin):
    list_display = ("__str__", "discount_limit", "numbers_per_person")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not OrderPolicy.objects.exists()
