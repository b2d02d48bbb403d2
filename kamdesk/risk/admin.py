from django.contrib import admin

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.risk.models import ChurnModelVersion, Programme, RiskAlert


@admin.register(ChurnModelVersion)
class ChurnModelVersionAdmin(AuditedAdmin):
    list_display = ("version", "source", "period_from", "period_to", "is_active", "trained_at")
    exclude = ("blob",)
    readonly_fields = (
        "version",
        "source",
        "period_from",
        "period_to",
        "features",
        "metrics",
        "trained_by",
        "is_active",
    )


@admin.register(RiskAlert)
class RiskAlertAdmin(AuditedAdmin):
    data_kind = "risk"  # business data: never the system administrator's
    list_display = ("customer", "trigger", "status", "due_at", "outcome")
    list_filter = ("status", "trigger")
    readonly_fields = [f.name for f in RiskAlert._meta.fields]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    data_kind = "risk"
    list_display = ("name", "month", "status", "control_share", "budget")
