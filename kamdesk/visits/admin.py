from django.contrib import admin

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.visits.models import (
    CalendarFeed,
    RequiredVisitRule,
    Visit,
    VisitPolicy,
    VisitSettings,
)


@admin.register(VisitPolicy)
class VisitPolicyAdmin(AuditedAdmin):
    list_display = ("grade", "every_months", "mode", "is_active")
    list_editable = ("every_months", "mode", "is_active")


@admin.register(RequiredVisitRule)
class RequiredVisitRuleAdmin(AuditedAdmin):
    list_display = ("reason", "due_days", "is_active")
    list_editable = ("due_days", "is_active")


@admin.register(VisitSettings)
class VisitSettingsAdmin(AuditedAdmin):
    list_display = ("__str__", "feed_full_details", "supervisor_grace_days", "max_visits_per_day")

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return super().has_add_permission(request) and not VisitSettings.objects.exists()


@admin.register(Visit)
class VisitAdmin(AuditedAdmin):
    data_kind = "visit"  # business data: never the system administrator's
    list_display = ("customer", "manager", "planned_date", "kind", "status", "required_reason")
    list_filter = ("status", "kind", "required_reason")
    raw_id_fields = ("customer", "manager", "created_by", "cancelled_by", "completed_by")
    search_fields = ("customer__code", "customer__name")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(AuditedAdmin):
    list_display = ("user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("token_hash",)
