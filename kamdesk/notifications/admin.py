from django.contrib import admin

from kamdesk.notifications.models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """The outbox, read only: SMS wait here until the operator's gateway is connected."""

    list_display = ("created_at", "channel", "status", "sent_at")
    list_filter = ("channel", "status")
    exclude = ("body", "recipient")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
