"""Manager development (K8, E1): learning paths made of knowledge-base articles, question
banks, quiz attempts, certifications with an expiry, and required-learning assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.users.models import ManagerGrade, Role


def _labels(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(v, v)) for v in values]


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class Certification(TimeStampedModel):
    """A certification a manager earns by completing a path; it lasts ``validity_months``."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), default=12)
    required_yearly = models.BooleanField(
        _("required every year"),
        default=False,
        help_text=_("Every manager must hold it (ethics and confidentiality, E1)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name


class QuestionBank(TimeStampedModel):
    """The questions of one topic."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    title = models.CharField(_("topic"), max_length=100)

    class Meta:
        ordering = ["title"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="questions", verbose_name=_("bank")
    )
    article = models.ForeignKey(
        "knowledge.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("article"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["bank", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class LearningPath(TimeStampedModel):
    """An ordered set of articles, each followed by a short quiz, for an audience."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    roles = models.JSONField(
        _("roles"), default=list, blank=True, help_text=_("Roles it is meant for; empty: all.")
    )
    grades = models.JSONField(
        _("grades"),
        default=list,
        blank=True,
        help_text=_("Account-manager grades it is meant for; empty: every grade."),
    )
    required_for_new = models.BooleanField(_("required for new managers"), default=False)
    new_manager_days = models.PositiveSmallIntegerField(_("days a new manager has"), default=30)
    certification = models.ForeignKey(
        Certification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paths",
        verbose_name=_("certification earned"),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def __str__(self) -> str:
        return self.title

    @property
    def grade_labels(self) -> list[str]:
        return _labels(ManagerGrade, self.grades)


class PathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    article = models.ForeignKey(
        "knowledge.Article", on_delete=models.PROTECT, related_name="+", verbose_name=_("article")
    )
    bank = models.ForeignKey(
        QuestionBank, on_delete=models.PROTECT, related_name="steps", verbose_name=_("quiz bank")
    )
    question_count = models.PositiveSmallIntegerField(_("questions per quiz"), default=5)
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)

    class Meta:
        ordering = ["path", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["path", "order"], name="learning_step_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.path_id}#{self.order}"


class Assignment(TimeStampedModel):
    """A path a manager must complete by ``deadline`` (new manager, tariff launch, E1)."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_assignments"
    )
    deadline = models.DateField(_("deadline"))
    reason = models.CharField(_("reason"), max_length=200)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            # One open assignment of a path per manager; renewals open a new one later.
            models.UniqueConstraint(
                fields=["path", "user"],
                condition=models.Q(completed_at__isnull=True),
                name="learning_assignment_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.path_id}→{self.user_id}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="attempts")
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"attempt {self.pk}"


class ManagerCertification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certifications"
    )
    certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, related_name="holders"
    )
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-expires_on"]
        verbose_name = _("manager's certification")
        verbose_name_plural = _("managers' certifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "certification", "issued_on"], name="learning_cert_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certification_id}@{self.user_id}"


class LaunchKind(models.TextChoices):
    PLAN = "plan", _("Tariff plan")
    ADDON = "addon", _("Add-on")


class LaunchRule(TimeStampedModel):
    """The training a tariff launch requires: when a matching plan or add-on goes on sale,
    ``path`` is required of the targeted staff within ``deadline_days``."""

    path = models.ForeignKey(
        LearningPath,
        on_delete=models.CASCADE,
        related_name="launch_rules",
        verbose_name=_("learning path"),
    )
    kind = models.CharField(
        _("launches of"), max_length=10, choices=LaunchKind.choices, default=LaunchKind.PLAN
    )
    codes = models.JSONField(
        _("codes"),
        default=list,
        blank=True,
        help_text=_("Plan or add-on codes; empty: every new one (of the segment, if given)."),
    )
    segment = models.CharField(
        _("segment"),
        max_length=20,
        blank=True,
        help_text=_("Only plans of this segment (individual, group or IoT); empty: any."),
    )
    roles = models.JSONField(
        _("roles"), default=list, blank=True, help_text=_("Empty: account managers.")
    )
    grades = models.JSONField(
        _("grades"), default=list, blank=True, help_text=_("Empty: every grade.")
    )
    deadline_days = models.PositiveSmallIntegerField(_("days to complete after launch"), default=14)
    on_return_to_sale = models.BooleanField(
        _("also when it returns to sale"),
        default=False,
        help_text=_("A tariff taken off sale and put back on sale is a new launch."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["path", "pk"]
        verbose_name = _("launch rule")
        verbose_name_plural = _("launch rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.path}"

    @property
    def role_labels(self) -> list[str]:
        return _labels(Role, self.roles or [Role.MANAGER])

    @property
    def grade_labels(self) -> list[str]:
        return _labels(ManagerGrade, self.grades)


class TariffLaunch(models.Model):
    """A plan or add-on that went on sale, recorded once per tariff and day."""

    kind = models.CharField(_("kind"), max_length=10, choices=LaunchKind.choices)
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    launched_on = models.DateField(_("on sale from"))
    returned = models.BooleanField(_("back on sale"), default=False)
    source = models.CharField(_("source"), max_length=20)
    assigned = models.PositiveIntegerField(_("assignments made"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-launched_on", "-pk"]
        verbose_name = _("tariff launch")
        verbose_name_plural = _("tariff launches")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "launched_on"], name="learning_launch_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.launched_on}"
