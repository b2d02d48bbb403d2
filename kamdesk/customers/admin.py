from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.customers.launches import LaunchedTariff, tariffs_launch_announce
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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A plan created on sale, or put back on sale, is announced as a launch."""
        goes_on_sale = obj.is_active and (not change or "is_active" in form.changed_data)
        super().save_model(request, obj, form, change)
        if goes_on_sale:
            launched = LaunchedTariff(
                kind="plan", code=obj.code, name=obj.name, segment=obj.segment, created=not change
            )
            tariffs_launch_announce(launches=[launched], actor=request.user, source="admin")  # type: ignore[arg-type]


@admin.register(TariffAddon)
class TariffAddonAdmin(AuditedAdmin):
    list_display = ("code", "name", "filing_number", "monthly_fee")
    filter_horizontal = ("plans",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Add-ons have no on-sale flag: one is launched when it is added."""
        super().save_model(request, obj, form, change)
        if not change:
            launched = LaunchedTariff(
                kind="addon", code=obj.code, name=obj.name, segment="", created=True
            )
            tariffs_launch_announce(launches=[launched], actor=request.user, source="admin")  # type: ignore[arg-type]
