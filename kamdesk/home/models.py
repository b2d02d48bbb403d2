"""Handovers: customers moved from one account manager to another, with the note that
goes with them. The customers' history stays where it is (it belongs to the customer);
the rows here say who moved what, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class HandoverReason(models.TextChoices):
    LEAVE = "leave", _("Long absence")
    DEPARTURE = "departure", _("The manager leaves")
    REBALANCE = "rebalance", _("Portfolio rebalancing")
    OTHER = "other", _("Other")


class Handover(TimeStampedModel):
    from_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_given",
        verbose_name=_("from"),
    )
    to_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_received",
        verbose_name=_("to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=HandoverReason.choices)
    note = models.TextField(_("handover note"))
    tell_contacts = models.BooleanField(_("tell the customers' contacts"), default=True)
    moved = models.JSONField(_("open work moved"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.from_manager} → {self.to_manager} ({self.created_at:%Y-%m-%d})"


class HandoverCustomer(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="lines")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    contacts_told = models.PositiveSmallIntegerField(_("contacts told"), default=0)

    class Meta:
        ordering = ["customer__code"]
        verbose_name = _("customer handed over")
        verbose_name_plural = _("customers handed over")
        constraints = [
            models.UniqueConstraint(fields=["handover", "customer"], name="handover_customer_once")
        ]

    def __str__(self) -> str:
        return f"{self.handover_id}:{self.customer_id}"
