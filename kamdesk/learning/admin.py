"""Authoring of paths, question banks and certifications through the Django admin."""

from django.contrib import admin
from django.http import HttpRequest

from kamdesk.core.admin_audit import AuditedAdmin
from kamdesk.learning.forms import LaunchRuleAdminForm, PathAdminForm
from kamdesk.learning.models import (
    Assignment,
    Certification,
    Choice,
    LaunchRule,
    LearningPath,
    ManagerCertification,
    PathStep,
    Question,
    QuestionBank,
    TariffLaunch,
)


class LearningAdmin(AuditedAdmin):
    data_kind = "learning"


class StepInline(admin.TabularInline):
    model = PathStep
    extra = 1
    raw_id_fields = ["article"]


@admin.register(LearningPath)
class LearningPathAdmin(LearningAdmin):
    form = PathAdminForm
    list_display = ["title", "slug", "required_for_new", "certification", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]


@admin.register(LaunchRule)
class LaunchRuleAdmin(AuditedAdmin):
    """Which launches require which path: the administrators' setting."""

    form = LaunchRuleAdminForm
    list_display = ["path", "kind", "segment", "deadline_days", "on_return_to_sale", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(TariffLaunch)
class TariffLaunchAdmin(LearningAdmin):
    """The record of launches; written by the catalogue import and admin, read here."""

    list_display = ["launched_on", "kind", "code", "name", "returned", "source", "assigned"]
    list_filter = ["kind", "source"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 4


@admin.register(Question)
class QuestionAdmin(LearningAdmin):
    list_display = ["text", "bank", "kind", "is_active"]
    list_filter = ["bank", "kind", "is_active"]
    search_fields = ["text"]
    raw_id_fields = ["article"]
    inlines = [ChoiceInline]


admin.site.register(QuestionBank, LearningAdmin)
admin.site.register(Certification, LearningAdmin)


@admin.register(Assignment)
class AssignmentAdmin(LearningAdmin):
    list_display = ["path", "user", "deadline", "completed_at", "reason"]
    list_filter = ["path"]


@admin.register(ManagerCertification)
class ManagerCertificationAdmin(LearningAdmin):
    list_display = ["user", "certification", "issued_on", "expires_on"]
