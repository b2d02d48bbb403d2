"""Prospect customers, competitors, their offers and where they are present (K5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models import Customer
from kamdesk.usage.models import Operator


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    NEEDS = "needs", _("Needs understood")
    PROPOSAL = "proposal", _("Proposal made")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Source(models.TextChoices):
    REFERRAL = "referral", _("Referral by a customer")
    TENDER = "tender", _("Public tender")
    PARK = "park", _("Industrial park survey")
    EVENT = "event", _("Event or exhibition")
    INBOUND = "inbound", _("Inbound enquiry")
    LOST_BACK = "win_back", _("Former customer to win back")


class Prospect(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=50, db_index=True)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    subscribers_estimate = models.PositiveIntegerField(_("mobile lines (estimate)"), default=0)
    current_operator = models.CharField(
        _("current operator"), max_length=8, choices=Operator.choices, default=Operator.OTHER
    )
    estimated_value = models.DecimalField(
        _("estimated value (yuan/year)"), max_digits=12, decimal_places=2, default=0
    )
    credit_tier = models.CharField(_("credit tier"), max_length=8, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="prospects",
        verbose_name=_("manager"),
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer it became"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-estimated_value", "name"]
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        indexes = [models.Index(fields=["owner", "stage"], name="prospect_owner_stage")]

    def __str__(self) -> str:
        return self.name


class Competitor(TimeStampedModel):
    operator = models.CharField(_("operator"), max_length=8, choices=Operator.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)

    class Meta:
        ordering = ["operator"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")

    def __str__(self) -> str:
        return self.name


class CompetitorOffer(TimeStampedModel):
    competitor = models.ForeignKey(Competitor, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("offer"), max_length=200)
    monthly_price = models.DecimalField(_("price (yuan/month)"), max_digits=10, decimal_places=2)
    details = models.TextField(_("details"), blank=True)
    seen_on = models.DateField(_("seen on"))
    seen_at = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("seen at customer"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-seen_on"]
        verbose_name = _("competitor offer")
        verbose_name_plural = _("competitor offers")

    def __str__(self) -> str:
        return self.title


class Outcome(models.TextChoices):
    PRESENT = "present", _("Present alongside us")
    WON_FROM_THEM = "won", _("We won lines from them")
    LOST_TO_THEM = "lost", _("Lines lost to them")


class CompetitorPresence(TimeStampedModel):
    """A competitor at one of our customers or prospects: lines they hold, and the outcome."""

    competitor = models.ForeignKey(Competitor, on_delete=models.CASCADE, related_name="presences")
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    prospect = models.ForeignKey(
        Prospect, null=True, blank=True, on_delete=models.CASCADE, related_name="presences"
    )
    subscribers = models.PositiveIntegerField(_("their lines there"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.PRESENT
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    noted_on = models.DateField(_("noted on"))

    class Meta:
        ordering = ["-noted_on"]
        verbose_name = _("competitor presence")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False) | models.Q(prospect__isnull=False),
                name="presence_has_a_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.competitor_id}@{self.customer_id or self.prospect_id}"
