"""A ModelAdmin base whose saves and deletions are written to the audit trail.

The Django admin is the administrators' configuration console (grades, tariffs, staff,
teams, departments, the permissions matrix). Business data (customers and their lines)
is changed only through the services, never here.

Every registered ModelAdmin derives from ``AuditedAdmin`` (``tests/audit/test_admin_audited.py``
holds it), so the permissions matrix governs the admin too: Django's model permissions
(a superuser has them all) *and* the matrix for the admin's ``data_kind`` (``config`` unless
it says otherwise) must allow the action. A system administrator who is a superuser
therefore still sees no visit records, risk alerts or revenue in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest


class AuditedAdmin(admin.ModelAdmin):
    # The kind of data of the permissions matrix these rows are (``users.DataKind``).
    data_kind = "config"

    def _matrix_allows(self, request: HttpRequest, action: str) -> bool:
        from kamdesk.users.permissions import can

        return can(request.user, action, self.data_kind)  # type: ignore[arg-type]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._matrix_allows(request, "view") and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._matrix_allows(request, "view") and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._matrix_allows(request, "change") and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._matrix_allows(request, "change")
        return allowed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._matrix_allows(request, "change")
        return allowed and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        from kamdesk.audit.services import audit_record

        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"config.{obj._meta.model_name}.{'updated' if change else 'created'}",
            target=obj,
            extra={"changed": list(form.changed_data)},
            ip=request.META.get("REMOTE_ADDR"),
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        from kamdesk.audit.services import audit_record

        audit_record(
            actor=request.user,
            action=f"config.{obj._meta.model_name}.deleted",
            target=obj,
            ip=request.META.get("REMOTE_ADDR"),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class SecurityAdminOnly:
    """Admin pages for staff and the permissions matrix: the security administrator's.

    Separation of duties (三员分立): the system administrator configures the business
    (grades, tariffs), the security administrator manages staff, roles and the matrix.
    These checks replace Django's model permissions, superusers included.
    """

    def _allowed(self, request: HttpRequest, action: str) -> bool:
        from kamdesk.users.permissions import can

        return can(request.user, action, "security")  # type: ignore[arg-type]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, "view")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, "view")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request, "change")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, "change")
