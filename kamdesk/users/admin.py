from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from kamdesk.core.admin_audit import AuditedAdmin, SecurityAdminOnly
from kamdesk.users.models import Absence, Department, PermissionRule, Team, User

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SecurityAdminOnly, AuditedAdmin, DjangoGroupAdmin):
    """Groups (such as the unmask approvers, ``KAM_UNMASK_APPROVER_GROUP``): the security
    administrator's, audited like every other change in the admin."""


@admin.register(User)
class UserAdmin(SecurityAdminOnly, AuditedAdmin, DjangoUserAdmin):
    list_display = (
        "username",
        "display_name",
        "staff_id",
        "role",
        "grade",
        "team",
        "department",
        "is_active",
    )
    list_filter = ("role", "grade", "team", "department", "is_active")
    search_fields = ("username", "display_name", "staff_id")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("KAM Desk"),
            {
                "fields": (
                    "role",
                    "grade",
                    "staff_id",
                    "display_name",
                    "phone",
                    "team",
                    "department",
                )
            },
        ),
    )


@admin.register(Team)
class TeamAdmin(SecurityAdminOnly, AuditedAdmin):
    list_display = ("name", "supervisor")


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("code", "name")


@admin.register(Absence)
class AbsenceAdmin(AuditedAdmin):
    list_display = ("user", "starts_at", "ends_at", "reason")
    list_filter = ("user",)


@admin.register(PermissionRule)
class PermissionRuleAdmin(SecurityAdminOnly, AuditedAdmin):
    list_display = ("role", "data_kind", "action")
    list_filter = ("role", "data_kind", "action")


admin.site.site_header = _("KAM Desk administration")
admin.site.site_title = _("KAM Desk administration")
