"""Visit policies: how often each grade is visited and how, which other visits are
required, and the few administrator settings of the capability."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class VisitMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    VISIT_OR_CALL = "visit_or_call", _("Visit or call")


class VisitPolicy(TimeStampedModel):
    """How often customers of one grade must be visited (groups A monthly on site …)."""

    grade = models.OneToOneField(
        "customers.Grade",
        on_delete=models.CASCADE,
        related_name="visit_policy",
        verbose_name=_("grade"),
    )
    every_months = models.PositiveSmallIntegerField(
        _("visit every (months)"), help_text=_("1 is monthly, 3 quarterly, 6 twice a year")
    )
    mode = models.CharField(
        _("how"), max_length=16, choices=VisitMode.choices, default=VisitMode.ON_SITE
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["grade__kind", "grade__rank"]
        verbose_name = _("visit policy")
        verbose_name_plural = _("visit policies")

    def __str__(self) -> str:
        return f"{self.grade}: {self.every_months}"


class RequiredReason(models.TextChoices):
    RETENTION = "retention", _("Retention (churn warning)")
    NEW_CUSTOMER = "new_customer", _("New customer")
    COMPLAINT = "complaint", _("Complaint")
    CONTRACT_EXPIRY = "contract_expiry", _("Contract expiry")


class RequiredVisitRule(TimeStampedModel):
    """A reason that makes a visit required, and within how many days it is due."""

    reason = models.CharField(
        _("reason"), max_length=20, choices=RequiredReason.choices, unique=True
    )
    due_days = models.PositiveSmallIntegerField(_("due within (days)"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["reason"]
        verbose_name = _("required visit rule")
        verbose_name_plural = _("required visit rules")

    def __str__(self) -> str:
        return self.get_reason_display()


class VisitSettings(models.Model):
    """One row of administrator settings for visits."""

    feed_full_details = models.BooleanField(
        _("calendar feeds carry full details"),
        default=False,
        help_text=_(
            "Only for a calendar server inside the operator's network: feeds then carry "
            "customer names, addresses and purposes."
        ),
    )
    supervisor_grace_days = models.PositiveSmallIntegerField(
        _("days overdue before the supervisor is alerted"), default=3
    )
    day_start = models.TimeField(_("first visit of the day"), default="09:30")
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per planned visit"), default=90)
    max_visits_per_day = models.PositiveSmallIntegerField(_("visits per day at most"), default=4)

    class Meta:
        verbose_name = _("visit settings")
        verbose_name_plural = _("visit settings")

    def __str__(self) -> str:
        return str(_("visit settings"))

    @classmethod
    def current(cls) -> VisitSettings:
        row, _created = cls.objects.get_or_create(pk=1)
        return row
