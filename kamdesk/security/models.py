from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.fields import EncryptedTextField
from kamdesk.core.models import TimeStampedModel


class ThrottleScope(models.TextChoices):
    USER = "user", _("Username")
    ADDRESS = "address", _("Client address")
    MFA = "mfa", _("Second factor")


class SignInThrottle(models.Model):
    """Failed sign-ins for one username or one client address, in the database so that
    every web process and worker sees the same count."""

    scope = models.CharField(max_length=10, choices=ThrottleScope.choices)
    key = models.CharField(max_length=150)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="one_throttle_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} ({self.failures})"


class TotpDevice(TimeStampedModel):
    """A staff member's TOTP authenticator. The secret is stored encrypted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField(_("secret"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The last accepted time step: a code is accepted once, never replayed.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class SignalKind(models.TextChoices):
    COMM_READ_SPIKE = "comm_read_spike", _("Communication data read far above usual")
    REFUSALS = "refusals", _("Repeated refused access")
    UNMASK_OFF_HOURS = "unmask_off_hours", _("Unmask requests at unusual hours")
    EXPORT_BURST = "export_burst", _("Burst of exports")
    UNUSUAL_DISCOUNT = "unusual_discount", _("Orders with unusual discounts")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("To review")
    CONFIRMED = "confirmed", _("Confirmed misconduct")
    JUSTIFIED = "justified", _("Justified by work")
    FALSE_ALARM = "false_alarm", _("False alarm")


class InsiderSignal(TimeStampedModel):
    """An insider-risk signal (E1) with its evidence, waiting for the auditor's conclusion."""

    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("to"))
    score = models.FloatField(_("score"))
    summary = models.CharField(_("summary"), max_length=300)
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "-score"]
        verbose_name = _("insider-risk signal")
        verbose_name_plural = _("insider-risk signals")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "actor", "period_start"], name="one_signal_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "period_start"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.actor} {self.period_start:%Y-%m-%d}"


class UnmaskKind(models.TextChoices):
    """The kinds of data that can be unmasked (``view_unmasked`` in the matrix)."""

    IDENTITY = "identity", _("Identity documents")
    CALL_RECORD = "call_record", _("Itemised call records")


class UnmaskMethod(models.TextChoices):
    SMS = "sms", _("Customer's SMS code")
    VAULT = "vault", _("Second person's approval (vault mode)")


class UnmaskState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Withdrawn")


class UnmaskGrant(TimeStampedModel):
    """Leave for one staff member to see one customer's data of one kind unmasked.

    A grant starts as a request (``pending``): the customer's SMS code (``sms``) or a
    second person's approval (``vault``) turns it ``granted`` until ``expires_at``;
    revocation ends it early. It is narrow by construction: one customer, one kind.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="unmask_grants",
        verbose_name=_("staff member"),
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind of data"), max_length=20, choices=UnmaskKind.choices)
    method = models.CharField(_("authorised by"), max_length=8, choices=UnmaskMethod.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=UnmaskState.choices, default=UnmaskState.PENDING
    )
    reason = models.CharField(_("purpose"), max_length=300)
    # Where the SMS code went, masked (the full number is never kept here).
    recipient_masked = models.CharField(_("code sent to"), max_length=20, blank=True)
    # A pending request lapses at this time; a granted one expires at ``expires_at``.
    request_expires_at = models.DateTimeField(_("request valid until"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("approver's note"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("unmasking grant")
        verbose_name_plural = _("unmasking grants")
        indexes = [
            models.Index(fields=["user", "customer", "kind", "state"], name="unmask_lookup"),
            models.Index(fields=["state", "method"], name="unmask_queue"),
        ]

    def __str__(self) -> str:
        return f"unmask #{self.pk} {self.kind} customer {self.customer_id} for {self.user_id}"
