"""The configuration console for requests: categories, SLA policies, department targets
and back-office systems. Requests themselves change only through the services."""

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
from kamdesk.tickets.models import BackofficeSystem, Category, DepartmentSla, SlaPolicy, Survey


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("code", "name", "base_priority", "statutory_minutes", "is_active", "rank")
    # A statutory deadline comes from regulation (a migration), not from the console.
    readonly_fields = ("statutory_minutes",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdmin):
    list_display = (
        "__str__",
        "response_minutes",
        "resolution_minutes",
        "warning_percent",
        "calendar",
        "is_active",
    )
    list_filter = ("grade", "priority", "category", "calendar", "is_active")


@admin.register(DepartmentSla)
class DepartmentSlaAdmin(AuditedAdmin):
    list_display = ("__str__", "resolution_minutes", "warning_percent", "calendar")


@admin.action(description=gettext_lazy("Issue a new callback token"))
def issue_callback_token(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[BackofficeSystem]
) -> None:
    for system in queryset:
        raw = secrets.token_urlsafe(32)
        system.callback_token_hash = token_hash(raw)
        system.save(update_fields=["callback_token_hash", "updated_at"])
        audit_record(actor=request.user, action="config.backofficesystem.token", target=system)
        # Shown once, like an API token: only its hash is kept.
        messages.warning(
            request,
            _("Callback token of %(system)s (shown once): %(token)s")
            % {"system": system.name, "token": raw},
        )


@admin.register(BackofficeSystem)
class BackofficeSystemAdmin(AuditedAdmin):
    list_display = ("name", "department", "endpoint_url", "is_active", "max_attempts")
    exclude = ("callback_token_hash",)
    actions = [issue_callback_token]


@admin.register(Survey)
class SurveyAdmin(AuditedAdmin):
    """Read only: answers come from the customer's link and nobody may change them."""

    data_kind = "request"  # customers' answers: business data

    list_display = ("ticket", "round", "status", "score", "sent_at", "answered_at")
    list_filter = ("status", "score")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
