"""Risk early warning: anomalies, scores, alerts with their mandatory visits, churn
models, the churn-care programme, business changes and offer opt-outs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models import Customer, Subscriber


class Level(models.TextChoices):
    SUBSCRIBER = "subscriber", _("Subscriber")
    ACCOUNT = "account", _("Account")
    CUSTOMER = "customer", _("Customer")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Anomaly(models.Model):
    """One consumption anomaly of a subscriber, account or customer in one month, or of
    one day against the same weekday before (``day`` set; ``month`` is then its month)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="anomalies")
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    level_ref = models.PositiveBigIntegerField(_("subscriber, account or customer id"))
    month = models.DateField(_("month"))
    day = models.DateField(_("day"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20)
    metric = models.CharField(_("metric"), max_length=20)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    current = models.FloatField(_("this month"))
    baseline = models.FloatField(_("baseline"))
    change_pct = models.FloatField(_("change (%)"))
    months = models.PositiveSmallIntegerField(_("months of history"))
    seasonal = models.BooleanField(_("seasonally adjusted"), default=False)
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "-detected_at"]
        verbose_name = _("anomaly")
        verbose_name_plural = _("anomalies")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "level_ref", "month", "kind", "metric"],
                condition=models.Q(day__isnull=True),
                name="risk_anomaly_once",
            ),
            models.UniqueConstraint(
                fields=["level", "level_ref", "day", "kind", "metric"],
                condition=models.Q(day__isnull=False),
                name="risk_anomaly_day_once",
            ),
        ]
        indexes = [models.Index(fields=["customer", "-month"], name="risk_anomaly_cust")]

    def __str__(self) -> str:
        return f"{self.level}:{self.level_ref} {self.month:%Y-%m} {self.kind} {self.metric}"


class ChurnModelVersion(models.Model):
    """A trained churn model: its data period, features, metrics and who trained it."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    source = models.CharField(_("trained on"), max_length=200)
    period_from = models.DateField(_("data from"), null=True, blank=True)
    period_to = models.DateField(_("data to"), null=True, blank=True)
    features = models.JSONField(_("features"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict)
    blob = models.BinaryField(_("model"))
    is_active = models.BooleanField(_("active"), default=False)
    threshold = models.FloatField(_("alert threshold"), default=0.5)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trained_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("churn model")
        verbose_name_plural = _("churn models")

    def __str__(self) -> str:
        return f"v{self.version}"


class RiskScore(models.Model):
    """A customer's churn probability as of a month, with reasons when flagged."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="risk_scores")
    month = models.DateField(_("as of month"))
    model = models.ForeignKey(ChurnModelVersion, on_delete=models.CASCADE, related_name="scores")
    probability = models.FloatField(_("churn probability"))
    flagged = models.BooleanField(_("flagged"), default=False)
    reasons = models.JSONField(_("reasons"), default=list)
    value_fen = models.BigIntegerField(_("monthly spend (fen)"), default=0)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "-probability"]
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        constraints = [
            models.UniqueConstraint(fields=["customer", "month", "model"], name="risk_score_once")
        ]
        indexes = [models.Index(fields=["month", "-probability"], name="risk_score_month")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.month:%Y-%m} {self.probability:.2f}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed with an outcome")
    DISMISSED = "dismissed", _("Dismissed")


class Outcome(models.TextChoices):
    RETAINED = "retained", _("Retained")
    OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")
    PLAN_OPTIMISED = "plan_optimised", _("Plan optimised")
    LOST = "lost", _("Lost to a competitor")
    NOT_AT_RISK = "not_at_risk", _("Not at risk")


SAVED_OUTCOMES = (Outcome.RETAINED, Outcome.OFFER_ACCEPTED, Outcome.PLAN_OPTIMISED)


class Competitor(models.TextChoices):
    UNICOM = "unicom", _("China Unicom")
    TELECOM = "telecom", _("China Telecom")
    BROADNET = "broadnet", _("China Broadnet")
    OTHER = "other", _("Other")


class RiskAlert(TimeStampedModel):
    """A leaving trigger or a high risk, open until its retention visit has an outcome.

    ``source_ref`` names what raised it (``event:<event id>``, ``score:<month>``,
    ``anomaly:<id>``, ``contract:<code>:<step>``…); it is unique per customer, so a
    second nightly run or a re-ingested event opens nothing twice.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="risk_alerts")
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="risk_alerts"
    )
    trigger = models.CharField(_("trigger"), max_length=32)
    source_ref = models.CharField(_("source"), max_length=120)
    weight = models.FloatField(_("weight"), default=0)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    visit_required = models.BooleanField(_("retention visit required"), default=False)
    on_site = models.BooleanField(_("on site"), default=False)
    due_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    visit_id = models.PositiveBigIntegerField(_("retention visit"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    competitor = models.CharField(
        _("competitor"), max_length=10, choices=Competitor.choices, blank=True
    )
    leaving_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)
    dismiss_reason = models.CharField(_("reason for dismissing"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("risk alert")
        verbose_name_plural = _("risk alerts")
        constraints = [
            models.UniqueConstraint(fields=["customer", "source_ref"], name="risk_alert_once"),
            models.CheckConstraint(
                condition=~models.Q(status="closed", outcome=""), name="risk_alert_closed_outcome"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dismissed", dismiss_reason=""),
                name="risk_alert_dismiss_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="risk_alert_open")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.trigger} {self.source_ref}"


class ChangeKind(models.TextChoices):
    RELOCATION = "relocation", _("Relocation")
    MERGER = "merger", _("Merger or acquisition")
    BANKRUPTCY = "bankruptcy", _("Bankruptcy or liquidation")
    RESTRUCTURING = "restructuring", _("Restructuring or layoffs")
    LEADERSHIP = "leadership", _("New decision-maker")


class BusinessChange(TimeStampedModel):
    """A change in a group's business, recorded by its manager."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="business_changes"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    occurred_on = models.DateField(_("when"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("business change")
        verbose_name_plural = _("business changes")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind}"


class OfferOptOut(TimeStampedModel):
    """A customer who declined personalised offers (PIPL Art. 24)."""

    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="offer_optout")
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("offer opt-out")
        verbose_name_plural = _("offer opt-outs")

    def __str__(self) -> str:
        return str(self.customer_id)


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Programme(TimeStampedModel):
    """A churn-care campaign (离网关怀工程) with a budget and a random control share."""

    name = models.CharField(_("name"), max_length=200)
    month = models.DateField(_("scores of month"))
    min_probability = models.FloatField(_("minimum probability"), default=0.5)
    control_share = models.FloatField(_("control share"), default=0.2)
    budget = models.DecimalField(_("offer budget (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("churn-care programme")
        verbose_name_plural = _("churn-care programmes")

    def __str__(self) -> str:
        return self.name


class ActionKind(models.TextChoices):
    OFFER = "offer", _("Retention offer")
    PLAN_OPTIMISATION = "plan_optimisation", _("Plan optimisation")
    SENIOR_CALL = "senior_call", _("Senior-management call")
    SERVICE_CARE = "service_care", _("Service care")


class MemberOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    SAVED = "saved", _("Saved")
    LOST = "lost", _("Lost")


class ProgrammeMember(TimeStampedModel):
    """A flagged customer in a programme: in the treated group or the control group."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="members")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("churn probability"))
    reasons = models.JSONField(_("reasons"), default=list)
    control = models.BooleanField(_("control group"), default=False)
    action = models.CharField(
        _("planned action"), max_length=20, choices=ActionKind.choices, blank=True
    )
    offer_amount = models.DecimalField(
        _("offer (yuan)"), max_digits=10, decimal_places=2, default=0
    )
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=MemberOutcome.choices, default=MemberOutcome.PENDING
    )

    class Meta:
        ordering = ["-probability"]
        verbose_name = _("programme member")
        verbose_name_plural = _("programme members")
        constraints = [
            models.UniqueConstraint(fields=["programme", "customer"], name="risk_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.customer_id}"


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Offer(TimeStampedModel):
    """A retention offer or plan optimisation proposed to a customer (or one line)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="retention_offers"
    )
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        ProgrammeMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    amount = models.DecimalField(_("value (yuan)"), max_digits=10, decimal_places=2, default=0)
    description = models.CharField(_("description"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.PROPOSED
    )
    # The churn reasons the offer was based on, kept as they were when it was made: the
    # customer may ask why they were offered it (PIPL Art. 24).
    reasons = models.JSONField(_("reasons behind the offer"), default=list, blank=True)
    decided_at = models.DateTimeField(_("customer's answer at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("retention offer")
        verbose_name_plural = _("retention offers")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind} {self.amount}"
