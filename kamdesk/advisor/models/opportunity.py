"""Opportunities: what a customer does not use yet, found by rules on usage, with evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models import Customer


class OpportunityRule(models.TextChoices):
    HEAVY_DATA = "heavy_data", _("Heavy data users without a data pack")
    NO_VPMN = "no_vpmn", _("Many subscribers but no closed user group")
    ROAMING = "roaming", _("International roaming without a roaming pack")
    HEADCOUNT = "headcount", _("Headcount growth: a fleet deal")
    IOT_POOL = "iot_pool", _("IoT cards without a shared pool")
    DEDICATED_LINE = "dedicated_line", _("Large group without a dedicated line")
    CLOUD = "cloud", _("Connected group without cloud services")


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    PROPOSED = "proposed", _("Turned into a proposal")


class Opportunity(TimeStampedModel):
    """One rule's hit on one customer. ``evidence`` holds the figures that made it fire
    (label, value, unit), each of them recomputable from the data."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="opportunities", verbose_name=_("customer")
    )
    rule = models.CharField(_("rule"), max_length=20, choices=OpportunityRule.choices)
    title = models.CharField(_("title"), max_length=200)
    evidence = models.JSONField(_("evidence"), default=list)
    subscriber_ids = models.JSONField(default=list)
    estimated_value = models.DecimalField(
        _("estimated value (yuan/year)"), max_digits=12, decimal_places=2, default=0
    )
    customer_saving = models.DecimalField(
        _("customer's saving (yuan/year)"), max_digits=12, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    proposal = models.ForeignKey(
        "advisor.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    found_on = models.DateField(_("found on"))

    class Meta:
        ordering = ["-estimated_value", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            # A rescan does not duplicate an opportunity still open for the same rule.
            models.UniqueConstraint(
                fields=["customer", "rule"],
                condition=models.Q(status="open"),
                name="advisor_one_open_opportunity",
            )
        ]
        indexes = [models.Index(fields=["rule", "status"], name="advisor_opp_rule")]

    def __str__(self) -> str:
        return self.title
