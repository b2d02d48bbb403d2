from django.contrib import admin

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.scorecards.models import KpiTarget, RevenueSnapshot


@admin.register(KpiTarget)
class KpiTargetAdmin(AuditedAdmin):
    list_display = ("code", "target", "weight", "updated_at")
    search_fields = ("code",)


@admin.register(RevenueSnapshot)
class RevenueSnapshotAdmin(AuditedAdmin):
    data_kind = "kpi"  # customers' revenue: business data
    list_display = ("year", "customer", "manager", "revenue_fen", "taken_at")
    list_filter = ("year",)
    raw_id_fields = ("customer", "manager")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the snapshot is what it was on the day it was taken
