"""Tariff optimisations: the extra terms of catalogue plans, and stored results."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models import Customer, Subscriber, TariffAddon, TariffPlan
from kamdesk.usage.models import fen_to_yuan


class PlanTerms(TimeStampedModel):
    """Rules of a catalogue plan the catalogue table does not carry (K2).

    A plan without a row here has none of them: overage on data, no carry-over, not
    shared, no free calls in the closed user group, no broadband.
    """

    plan = models.OneToOneField(
        TariffPlan, on_delete=models.CASCADE, related_name="terms", verbose_name=_("plan")
    )
    unlimited_data = models.BooleanField(
        _("unlimited data (speed capped after the allowance, no overage)"), default=False
    )
    carry_over = models.BooleanField(_("unused data carries over to the next month"), default=False)
    cug_free = models.BooleanField(_("free calls inside the closed user group"), default=False)
    broadband_mbps = models.PositiveIntegerField(_("broadband included (Mbit/s)"), default=0)
    secondary_cards = models.PositiveSmallIntegerField(_("secondary cards allowed"), default=0)
    secondary_fee = models.DecimalField(
        _("fee per secondary card (yuan/month)"), max_digits=8, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("plan terms")
        verbose_name_plural = _("plan terms")

    def __str__(self) -> str:
        return str(self.plan)


class AddonTerms(models.Model):
    """Whether an add-on is a roaming pack (its fee replaces roaming charges)."""

    addon = models.OneToOneField(TariffAddon, on_delete=models.CASCADE, related_name="terms")
    covers_roaming = models.BooleanField(_("covers international roaming"), default=False)

    def __str__(self) -> str:
        return str(self.addon)


class Optimisation(TimeStampedModel):
    """One run of the optimiser for a customer (all or some of its subscribers)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="optimisations", verbose_name=_("customer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_month = models.DateField(_("first month rated"))
    last_month = models.DateField(_("last month rated"))
    effective_month = models.DateField(_("changes take effect from"))
    subscribers = models.PositiveIntegerField(_("subscribers rated"), default=0)
    # Sums of the subscribers' monthly averages (fen), so that the lines add up exactly.
    current_month_fen = models.BigIntegerField(default=0)
    recommended_month_fen = models.BigIntegerField(default=0)
    billed_fen = models.BigIntegerField(default=0)
    contract_floor_fen = models.BigIntegerField(default=0)
    notes = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tariff optimisation")
        verbose_name_plural = _("tariff optimisations")

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.created_at:%Y-%m-%d}"

    @property
    def note_texts(self) -> list[str]:
        """The run's notes in the reader's language."""
        texts: list[str] = []
        for note in self.notes:
            if note.get("key") == "skipped":
                texts.append(
                    str(
                        _(
                            "%(count)s subscribers have fewer than 3 months of usage and were "
                            "not rated."
                        )
                        % {"count": note.get("count", 0)}
                    )
                )
            elif note.get("key") == "contract":
                texts.append(
                    str(
                        _(
                            "A contract is in force: no subscriber is moved below the "
                            "contracted plan before it expires."
                        )
                    )
                )
        return texts

    @property
    def months(self) -> int:
        first, last = self.first_month, self.last_month
        return (last.year - first.year) * 12 + last.month - first.month + 1

    @property
    def saving_month_fen(self) -> int:
        """The customer's saving per month: current minus recommended monthly average."""
        return self.current_month_fen - self.recommended_month_fen

    @property
    def current_month(self) -> Decimal:
        return fen_to_yuan(self.current_month_fen)

    @property
    def recommended_month(self) -> Decimal:
        return fen_to_yuan(self.recommended_month_fen)

    @property
    def saving_month(self) -> Decimal:
        return fen_to_yuan(self.saving_month_fen)

    @property
    def saving_year(self) -> Decimal:
        return fen_to_yuan(self.saving_month_fen * 12)

    @property
    def revenue_change_year(self) -> Decimal:
        """The operator's revenue change per year (negative: the operator earns less)."""
        return fen_to_yuan(-self.saving_month_fen * 12)

    @property
    def below_contract_floor(self) -> bool:
        return 0 < self.recommended_month_fen < self.contract_floor_fen


class LineKind(models.TextChoices):
    SUBSCRIBER = "subscriber", _("One subscriber")
    SHARED = "shared", _("Shared plan for several cards")


class OptimisationLine(models.Model):
    """The result for one subscriber (or one group of cards for a shared plan)."""

    optimisation = models.ForeignKey(Optimisation, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=12, choices=LineKind.choices, default=LineKind.SUBSCRIBER)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    cards = models.JSONField(default=list)  # subscriber ids of a shared plan
    current_plan = models.CharField(max_length=32, blank=True)
    recommended_plan = models.CharField(max_length=32)
    recommended_addons = models.JSONField(default=list)
    filing_number = models.CharField(max_length=40)
    current_fen = models.BigIntegerField(default=0)
    recommended_fen = models.BigIntegerField(default=0)
    billed_fen = models.BigIntegerField(default=0)
    months_rated = models.PositiveSmallIntegerField(default=0)
    costlier_months = models.JSONField(default=list)
    throttled_months = models.JSONField(default=list)
    alternatives = models.JSONField(default=list)
    refused = models.JSONField(default=list)
    locked_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-current_fen"]

    def __str__(self) -> str:
        return f"{self.subscriber_id}->{self.recommended_plan}"

    @property
    def current_month_fen(self) -> int:
        return round(self.current_fen / self.months_rated) if self.months_rated else 0

    @property
    def recommended_month_fen(self) -> int:
        return round(self.recommended_fen / self.months_rated) if self.months_rated else 0

    @property
    def saving_month_fen(self) -> int:
        return self.current_month_fen - self.recommended_month_fen

    @property
    def current_month(self) -> Decimal:
        return fen_to_yuan(self.current_month_fen)

    @property
    def recommended_month(self) -> Decimal:
        return fen_to_yuan(self.recommended_month_fen)

    @property
    def saving_month(self) -> Decimal:
        return fen_to_yuan(self.saving_month_fen)

    @property
    def saving_year(self) -> Decimal:
        return fen_to_yuan(self.saving_month_fen * 12)

    @property
    def revenue_change_year(self) -> Decimal:
        return fen_to_yuan(-self.saving_month_fen * 12)

    @property
    def changes_plan(self) -> bool:
        return bool(self.recommended_plan != self.current_plan or self.recommended_addons)
