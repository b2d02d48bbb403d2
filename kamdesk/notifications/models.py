"""Notifications to staff (in-app and e-mail) and the outbox of messages to customers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class EmailState(models.TextChoices):
    NONE = "none", _("No e-mail")
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(TimeStampedModel):
    """One message to one member of staff. ``dedup_key`` is unique: the same event told
    twice (a periodic task that runs twice or late) writes and sends nothing the second
    time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("staff member"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    dedup_key = models.CharField(max_length=200, unique=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.NONE
    )
    email_due_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The alert inbox (issue 11): a snoozed notification leaves the inbox until the
    # moment passes; a done one leaves it for good (it stays under "Done").
    snoozed_until = models.DateTimeField(_("snoozed until"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"], name="notif_inbox"),
            models.Index(
                fields=["email_due_at"], name="notif_email_due", condition=Q(email_state="pending")
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A member of staff's choices: e-mail on or off, kinds not to e-mail, quiet hours
    (local time) during which e-mails wait until the quiet hours end."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("send e-mails"), default=True)
    muted_kinds = models.JSONField(_("kinds not sent by e-mail"), default=list, blank=True)
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    digest_enabled = models.BooleanField(_("daily e-mail digest"), default=False)
    digest_time = models.TimeField(_("digest time"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class DigestRun(TimeStampedModel):
    """One day's digest e-mail of one member of staff. The row is written before the
    e-mail is sent and is unique per user and day, so a scheduler run that comes twice
    or late sends the digest once; a failed send is retried by the next run."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        EMPTY = "empty", _("Nothing to tell")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_runs"
    )
    day = models.DateField(_("day"))
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    items = models.PositiveIntegerField(_("notifications in the digest"), default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.day}"


class OutboxChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundMessage(TimeStampedModel):
    """A message to a customer's contact, by e-mail or through the SMS gateway.

    ``queued`` until a worker claims and sends it; a failed send goes back to ``queued``
    with ``error`` and ``next_attempt_at`` until ``attempts`` runs out, then stays
    ``failed`` (``outbox.py``)."""

    channel = models.CharField(_("channel"), max_length=8, choices=OutboxChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    dedup_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        indexes = [
            models.Index(fields=["channel", "status"]),
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_retry_due",
                condition=Q(status="queued", next_attempt_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.pk}"


class OneTimeCode(TimeStampedModel):
    """A code sent by SMS to a customer's number to confirm something: a visit, a value-
    added service (二次确认), an unmasking grant, a statement download.

    Only a keyed hash of the code is stored. A code is bound to a ``purpose`` and a
    ``subject`` (for example ``visit`` and ``visit:42``), expires, allows a few wrong
    guesses, and works once.
    """

    purpose = models.CharField(_("purpose"), max_length=40)
    subject = models.CharField(_("subject"), max_length=120)
    recipient_masked = models.CharField(_("sent to"), max_length=32)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    message = models.ForeignKey(
        OutboundMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["purpose", "subject", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.subject}"
