"""Authoring of paths, question banks and certifications through the Django admin."""

from django.contrib import admin

from kamdesk.learning.models import (
    Assignment,
    Certification,
    Choice,
    LearningPath,
    ManagerCertification,
    PathStep,
    Question,
    QuestionBank,
)


class StepInline(admin.TabularInline):
    model = PathStep
    extra = 1
    raw_id_fields = ["article"]


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "required_for_new", "certification", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 4


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "bank", "kind", "is_active"]
    list_filter = ["bank", "kind", "is_active"]
    search_fields = ["text"]
    raw_id_fields = ["article"]
    inlines = [ChoiceInline]


admin.site.register(QuestionBank)
admin.site.register(Certification)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["path", "user", "deadline", "completed_at", "reason"]
    list_filter = ["path"]


@admin.register(ManagerCertification)
class ManagerCertificationAdmin(admin.ModelAdmin):
    list_display = ["user", "certification", "issued_on", "expires_on"]
