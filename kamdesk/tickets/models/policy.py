"""Configuration of requests: categories, SLA policies, department targets and the
back-office systems reached through an outbound interface."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.fields import EncryptedTextField
from kamdesk.core.models import TimeStampedModel


class Priority(models.TextChoices):
    """Sorted by code: p1 is the most urgent."""

    URGENT = "p1", _("Urgent")
    HIGH = "p2", _("High")
    NORMAL = "p3", _("Normal")
    LOW = "p4", _("Low")


class Category(models.Model):
    """A kind of request. ``statutory_minutes`` is a deadline set by regulation (12300
    complaints, escalated complaints): no policy may relax it, and it runs 24×7."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    base_priority = models.CharField(
        _("base priority"), max_length=2, choices=Priority.choices, default=Priority.NORMAL
    )
    statutory_minutes = models.PositiveIntegerField(
        _("statutory deadline (minutes)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    rank = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")

    def __str__(self) -> str:
        return self.name


_PERCENT = [MinValueValidator(1), MaxValueValidator(99)]


class SlaPolicy(TimeStampedModel):
    """Response and resolution targets for requests of a grade × priority × category.

    An empty grade, priority or category matches any; the most specific active policy
    wins (category before grade before priority).
    """

    grade = models.ForeignKey(
        "customers.Grade", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("grade")
    )
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("category")
    )
    response_minutes = models.PositiveIntegerField(_("response target (minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution target (minutes)"))
    # The "%" below is a percent sign, not a placeholder: tell makemessages so.
    # xgettext:no-python-format
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (percentage of the target)"), default=75, validators=_PERCENT
    )
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar", on_delete=models.PROTECT, verbose_name=_("calendar")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        parts = [str(self.grade or "*"), self.priority or "*", str(self.category or "*")]
        return " × ".join(parts)

    def clean(self) -> None:
        limit = self.category.statutory_minutes if self.category is not None else None
        if limit and self.resolution_minutes > limit:
            raise ValidationError(
                {
                    "resolution_minutes": _(
                        "A statutory deadline cannot be relaxed: at most %(limit)s minutes."
                    )
                    % {"limit": limit}
                }
            )


class DepartmentSla(TimeStampedModel):
    """The target of a back-office step, per department (empty: any) and priority."""

    department = models.ForeignKey(
        "users.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("department"),
    )
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices, blank=True)
    resolution_minutes = models.PositiveIntegerField(_("target (minutes)"))
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (percentage of the target)"), default=75, validators=_PERCENT
    )
    calendar = models.ForeignKey(
        "calendars.BusinessCalendar", on_delete=models.PROTECT, verbose_name=_("calendar")
    )

    class Meta:
        verbose_name = _("department step target")
        verbose_name_plural = _("department step targets")

    def __str__(self) -> str:
        return f"{self.department or '*'} × {self.priority or '*'}"


class BackofficeSystem(TimeStampedModel):
    """A department's own work-order system (EOMS, BOSS): steps of that department are
    POSTed to ``endpoint_url`` with an idempotency key, and the system reports back on
    the callback endpoint with its own token (only its SHA-256 is kept)."""

    department = models.OneToOneField(
        "users.Department",
        on_delete=models.CASCADE,
        related_name="backoffice_system",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name"), max_length=50)
    endpoint_url = models.URLField(_("endpoint"))
    outbound_token = EncryptedTextField(_("token sent to the system"), blank=True)
    callback_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=10)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before giving up"), default=6)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("back-office system")
        verbose_name_plural = _("back-office systems")

    def __str__(self) -> str:
        return self.name
