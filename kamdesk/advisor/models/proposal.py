"""Solution proposals for a customer, and their lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models import Customer


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Proposal(TimeStampedModel):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("customer")
    )
    template = models.CharField(_("template"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("the situation"), blank=True)
    solution = models.TextField(_("the solution"), blank=True)
    terms = models.TextField(_("terms"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    optimisation = models.ForeignKey(
        "advisor.Optimisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order_ref = models.CharField(_("order that realises it"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class ProposalItem(models.Model):
    """One recommended plan or service, with the figures the optimiser computed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    plan_code = models.CharField(max_length=32, blank=True)
    filing_number = models.CharField(max_length=40, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    current_monthly = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    new_monthly = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def saving_monthly(self):  # type: ignore[no-untyped-def]
        return self.current_monthly - self.new_monthly
