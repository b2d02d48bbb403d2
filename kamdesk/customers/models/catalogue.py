from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class TariffPlan(TimeStampedModel):
    """A plan of the operator's tariff catalogue (K2), with its public filing number."""

    code = models.CharField(_("plan code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    brand = models.CharField(_("brand"), max_length=50, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=40, blank=True)
    segment = models.CharField(
        _("segment"), max_length=20, blank=True, help_text=_("individual, group or IoT")
    )
    monthly_fee = models.DecimalField(_("monthly fee (yuan)"), max_digits=10, decimal_places=2)
    voice_minutes = models.PositiveIntegerField(_("included voice minutes"), default=0)
    sms = models.PositiveIntegerField(_("included SMS"), default=0)
    data_mb = models.PositiveIntegerField(_("included data (MB)"), default=0)
    voice_overage_per_min = models.DecimalField(
        _("voice overage per minute"), max_digits=8, decimal_places=2, default=0
    )
    sms_overage = models.DecimalField(
        _("SMS overage each"), max_digits=8, decimal_places=2, default=0
    )
    data_overage_per_gb = models.DecimalField(
        _("data overage per GB"), max_digits=8, decimal_places=2, default=0
    )
    speed_cap_kbps = models.PositiveIntegerField(
        _("speed cap after the allowance (kbit/s)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        ordering = ["monthly_fee", "code"]
        verbose_name = _("tariff plan")
        verbose_name_plural = _("tariff plans")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class TariffAddon(TimeStampedModel):
    """An add-on package that can be ordered with plans (extra data, minutes, services)."""

    code = models.CharField(_("add-on code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    filing_number = models.CharField(_("filing number"), max_length=40, blank=True)
    monthly_fee = models.DecimalField(_("monthly fee (yuan)"), max_digits=10, decimal_places=2)
    voice_minutes = models.PositiveIntegerField(_("voice minutes"), default=0)
    data_mb = models.PositiveIntegerField(_("data (MB)"), default=0)
    plans = models.ManyToManyField(
        TariffPlan, blank=True, related_name="addons", verbose_name=_("plans")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("add-on")
        verbose_name_plural = _("add-ons")

    def __str__(self) -> str:
        return self.name
