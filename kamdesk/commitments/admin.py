"""The configuration console for commitments: the reminder policy. Commitments
themselves change only through the services."""

from __future__ import annotations

from django.contrib import admin

from kamdesk.commitments.models import CommitmentPolicy
from kamdesk.core.admin_audit import AuditedAdmin


@admin.register(CommitmentPolicy)
class CommitmentPolicyAdmin(AuditedAdmin):
    list_display = ("__str__", "remind_days", "escalate_after_days")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not CommitmentPolicy.objects.exists()
