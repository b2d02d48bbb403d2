from django.contrib import admin

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.customers.models import Grade, TariffAddon, TariffPlan


@admin.register(Grade)
class GradeAdmin(AuditedAdmin):
    list_display = ("code", "kind", "name", "rank")
    list_filter = ("kind",)


@admin.register(TariffPlan)
class TariffPlanAdmin(AuditedAdmin):
    list_display = (
        "code",
        "name",
        "brand",
        "filing_number",
        "monthly_fee",
        "voice_minutes",
        "data_mb",
        "is_active",
    )
    list_filter = ("brand", "segment", "is_active")
    search_fields = ("code", "name", "filing_number")


@admin.register(TariffAddon)
class TariffAddonAdmin(AuditedAdmin):
    list_display = ("code", "name", "filing_number", "monthly_fee")
    filter_horizontal = ("plans",)
