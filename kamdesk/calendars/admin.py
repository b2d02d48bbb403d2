from django.contrib import admin

from kamdesk.calendars.models import BusinessCalendar, CalendarOverride
from kamdesk.core.admin_audit import AuditedAdmin


class OverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 1
    ordering = ["-day"]


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "hours", "follows_public_holidays")
    inlines = [OverrideInline]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    """Overrides by year: filter on the year, one row per day."""

    list_display = ("day", "calendar", "is_working", "note")
    list_filter = ("calendar", ("day", admin.DateFieldListFilter))
    date_hierarchy = "day"
    search_fields = ("note",)
