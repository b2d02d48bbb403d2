"""Business calendars: working hours, China's holidays and the administrator's overrides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.calendars.clock import parse_hours
from kamdesk.core.models import TimeStampedModel


class CalendarKind(models.TextChoices):
    WORKING = "working", _("Working days and hours")
    ALWAYS = "always", _("24×7")


def _validate_hours(value: str) -> None:
    try:
        parse_hours(value)
    except ValueError as exc:
        raise ValidationError(_("Write working hours like 09:00-12:00,13:30-18:00.")) from exc


class BusinessCalendar(TimeStampedModel):
    """When SLA clocks run. ``working`` follows China's public holidays and make-up working
    days plus this calendar's overrides; ``always`` runs 24×7 (top grades)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CalendarKind.choices, default=CalendarKind.WORKING
    )
    hours = models.CharField(
        _("working hours"),
        max_length=100,
        default="09:00-12:00,13:30-18:00",
        validators=[_validate_hours],
        help_text=_("Local time, e.g. 09:00-12:00,13:30-18:00"),
    )
    follows_public_holidays = models.BooleanField(
        _("follows China's public holidays"), default=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name


class CalendarOverride(TimeStampedModel):
    """An administrator's decision for one day of one year: working or not, whatever the
    weekday or the published holidays say (a late State Council notice, a local holiday)."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        related_name="overrides",
        verbose_name=_("calendar"),
    )
    day = models.DateField(_("day"))
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="one_override_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.calendar.code} {self.day:%Y-%m-%d}"
