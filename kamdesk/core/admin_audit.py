"""A ModelAdmin base whose saves and deletions are written to the audit trail.

The Django admin is the administrators' configuration console (grades, tariffs, staff,
teams, departments, the permissions matrix). Business data (customers and their lines)
is changed only through the services, never here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest


class AuditedAdmin(admin.ModelAdmin):
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

        audit_record(actor=request.user, action=f"config.{obj._meta.model_name}.deleted",
                     target=obj, ip=request.META.get("REMOTE_ADDR"))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
