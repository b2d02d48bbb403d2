from django.contrib import admin

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.notifications.models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(AuditedAdmin):
    """The outbox, read only: what left for customers, and what failed after its retries
    (with the error) for the administrator to look into."""

    list_display = ("created_at", "channel", "status", "sent_at", "attempts")
    list_filter = ("channel", "status")
    exclude = ("body", "recipient")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
