"""KPI targets and weights (set by an administrator), and the start-of-year revenue
snapshot (拍照收入) that revenue retention is measured against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class KpiTarget(TimeStampedModel):
    """The target of one KPI and its weight in the overall score. One row per KPI code
    applies to every manager and team; the administrator edits them in the admin."""

    code = models.CharField(_("KPI"), max_length=40, unique=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        permissions = [("view_province", _("Can view the province scorecard"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="kpi_weight_not_negative"
            ),
            models.CheckConstraint(condition=models.Q(target__gt=0), name="kpi_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.target} × {self.weight}"


class RevenueSnapshot(models.Model):
    """A customer's monthly revenue at the start of ``year`` (its December bill total of
    the year before), with the manager who held it then. Taken once a year."""

    year = models.PositiveSmallIntegerField(_("year"))
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revenue_fen = models.BigIntegerField(_("monthly revenue (fen)"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        verbose_name = _("start-of-year revenue snapshot")
        verbose_name_plural = _("start-of-year revenue snapshots")
        constraints = [
            models.UniqueConstraint(fields=["year", "customer"], name="revenue_snapshot_once")
        ]
        indexes = [models.Index(fields=["year", "manager"], name="revenue_snapshot_manager")]

    def __str__(self) -> str:
        return f"{self.year}:{self.customer_id}"
