from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models.customer import Customer


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")
    WALK_IN = "walk_in", _("Walk-in")
    PORTAL = "portal", _("Portal")


class DecisionRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    FINANCE = "finance", _("Finance")
    TECHNICAL = "technical", _("Technical")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")


class Contact(TimeStampedModel):
    """A key person of an account, with how to reach them and what the manager knows (K4)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    decision_role = models.CharField(
        _("decision role"), max_length=20, choices=DecisionRole.choices, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wechat = models.CharField(_("WeChat id"), max_length=64, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=16, choices=Channel.choices, blank=True
    )
    preferred_hours = models.CharField(_("preferred hours"), max_length=64, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    # The day they took their current post (任职日期): its anniversary is an occasion for
    # a greeting, like the birthday.
    in_post_since = models.DateField(_("in post since"), null=True, blank=True)
    consent_greetings = models.BooleanField(_("consents to greetings"), default=False)
    consent_marketing = models.BooleanField(_("consents to marketing messages"), default=False)
    character = models.CharField(_("character"), max_length=200, blank=True)
    habits = models.CharField(_("habits"), max_length=200, blank=True)
    hobbies = models.CharField(_("hobbies"), max_length=200, blank=True)
    motives = models.CharField(_("consumption motives"), max_length=200, blank=True)
    notes = models.TextField(_("personal notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Interaction(TimeStampedModel):
    """One contact with the customer by any channel (D4): who, when, what."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="interactions", verbose_name=_("customer")
    )
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        verbose_name=_("contact"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    inbound = models.BooleanField(_("initiated by the customer"), default=False)
    occurred_at = models.DateTimeField(_("when"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="interactions",
        verbose_name=_("staff member"),
    )
    summary = models.TextField(_("summary"))

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["customer", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"
