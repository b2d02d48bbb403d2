from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.security.models import SignInThrottle, TotpDevice
from kamdesk.users.permissions import can


class SecurityAdminOnly(AuditedAdmin):
    """Visible to the security administrator only (roles and keys are theirs)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "change", "security")  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "view", "security")  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "change", "security")  # type: ignore[arg-type]


@admin.register(TotpDevice)
class TotpDeviceAdmin(SecurityAdminOnly):
    """Deleting a device makes its owner enrol again (a lost phone). The secret is never shown."""

    list_display = ("user", "confirmed_at", "created_at")
    fields = ("user", "confirmed_at", "created_at")
    readonly_fields = fields
    search_fields = ("user__username", "user__staff_id")


@admin.register(SignInThrottle)
class SignInThrottleAdmin(SecurityAdminOnly):
    """Deleting a row lifts a lock-out early."""

    list_display = ("scope", "key", "failures", "window_started_at", "locked_until")
    list_filter = ("scope",)
    readonly_fields = ("scope", "key", "failures", "window_started_at", "locked_until")
    search_fields = ("key",)
