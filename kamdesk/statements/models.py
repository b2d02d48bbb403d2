"""Bills and itemised statements: who receives what, the documents made, their delivery.

Money is integer fen, as in the usage warehouse, so every format's total equals the
warehouse's to the fen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models import Account, Contact, Customer, Subscriber


def fen_to_yuan(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(Decimal("0.01"))


class Document(models.TextChoices):
    BILL = "bill", _("Bill")
    STATEMENT = "statement", _("Itemised statement")


class Format(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Spreadsheet (XLSX)")
    CSV = "csv", _("CSV")
    ZIP = "zip", _("Bundle (ZIP)")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail (protected PDF, password by SMS)")
    SMS_LINK = "sms_link", _("SMS with a one-time download link")
    PRINT = "print", _("Printed, handed over at the next visit")


class RecipientKind(models.TextChoices):
    HOLDER = "holder", _("Registered holder of the number")
    CONTACT = "contact", _("Account's authorised contact")


class Layout(models.TextChoices):
    PER_SUBSCRIBER = "per_subscriber", _("Summary PDF plus one file per subscriber")
    ONE_SPREADSHEET = "one_spreadsheet", _("One spreadsheet")


class Authorisation(TimeStampedModel):
    """The customer's written authorisation for its authorised contact to receive the
    itemised statements of the subscribers of a group-paid account (the scan is a
    private file owned by this row)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", verbose_name=_("billing account")
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="+", verbose_name=_("authorised contact")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    file_id = models.UUIDField(_("signed authorisation (file)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-valid_to", "-pk"]
        verbose_name = _("statement authorisation")
        verbose_name_plural = _("statement authorisations")

    def __str__(self) -> str:
        return f"{self.account_id}:{self.contact_id} {self.valid_from}–{self.valid_to}"

    def covers(self, day: dt.date) -> bool:
        return (
            self.revoked_at is None
            and self.file_id is not None
            and self.valid_from <= day <= self.valid_to
        )


class Subscription(TimeStampedModel):
    """A delivery preference: which document of which account (or subscriber), in which
    format, to whom, through which channel, on which day of each month.

    The itemised statements of a whole account (no subscriber) go to its authorised
    contact as one bundle made in the background (``layout``: a summary PDF plus one file
    in ``format`` per subscriber the contact is entitled to, or one spreadsheet)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", verbose_name=_("billing account")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("subscriber"),
    )
    document = models.CharField(_("document"), max_length=10, choices=Document.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient_kind = models.CharField(_("recipient"), max_length=8, choices=RecipientKind.choices)
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("contact"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=13)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), default=5)
    layout = models.CharField(
        _("files of a whole account"), max_length=16, choices=Layout.choices, blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["customer", "account", "pk"]
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")

    def __str__(self) -> str:
        return f"{self.document}:{self.account_id}:{self.channel}"

    @property
    def is_group_bundle(self) -> bool:
        """The itemised statements of every entitled subscriber of the account."""
        return self.document == Document.STATEMENT and self.subscriber_id is None


class Statement(TimeStampedModel):
    """One document made: a bill or an itemised statement (or a group's bundle)."""

    number = models.CharField(_("statement number"), max_length=24, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=12)
    document = models.CharField(_("document"), max_length=10, choices=Document.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))
    total_fen = models.BigIntegerField(_("total (fen)"), default=0)
    records = models.BigIntegerField(_("records"), default=0)
    bill_version = models.PositiveIntegerField(_("bill version"), null=True, blank=True)
    replaces_version = models.PositiveIntegerField(_("replaces version"), null=True, blank=True)
    # A corrected bill sent after an earlier one: the document it replaces, and which
    # versions of the bill rows it shows (``documents.bills.bill_revision``).
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replaces"),
    )
    bill_revision = models.CharField(max_length=16, blank=True)
    full_numbers = models.BooleanField(_("full numbers"), default=False)
    recipient_label = models.CharField(_("prepared for"), max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [models.Index(fields=["customer", "month"], name="stmt_customer_month")]

    def __str__(self) -> str:
        return self.number

    @property
    def total_yuan(self) -> Decimal:
        return fen_to_yuan(self.total_fen)

    @property
    def file_name(self) -> str:
        return f"{self.number}.{self.format}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    TO_HAND_OVER = "to_hand_over", _("Printed, to hand over")
    HANDED_OVER = "handed_over", _("Handed over")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Not entitled")


class Delivery(TimeStampedModel):
    """One document to one recipient through one channel, with its attempts and result.

    ``dedup_key`` is unique: a schedule run twice finds the row and sends nothing again.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    month = models.DateField(_("month"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    recipient_label = models.CharField(_("recipient name"), max_length=200, blank=True)
    phone = models.CharField(_("mobile number"), max_length=13, blank=True)
    dedup_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=14, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported to the manager"), null=True, blank=True)
    protected_path = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="stmt_delivery_due"),
            models.Index(fields=["customer", "-created_at"], name="stmt_delivery_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.pk}"


class DownloadLink(TimeStampedModel):
    """A link for one recipient: it expires, works once, and serves the file only after a
    one-time code sent by SMS to that recipient. Only a hash of the token is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    phone = models.CharField(_("mobile number"), max_length=13)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("download link")
        verbose_name_plural = _("download links")

    def __str__(self) -> str:
        return f"link:{self.pk}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class GenerationJob(TimeStampedModel):
    """A large group's statements made in the background, with its progress."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    layout = models.CharField(_("layout"), max_length=16, choices=Layout.choices)
    file_format = models.CharField(
        _("per-subscriber format"), max_length=4, choices=Format.choices, default=Format.PDF
    )
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("subscribers done"), default=0)
    total = models.PositiveIntegerField(_("subscribers"), default=0)
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    # Set when a delivery preference's schedule started the job: the bundle goes there.
    delivery = models.OneToOneField(
        "Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="job"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("statement job")
        verbose_name_plural = _("statement jobs")

    def __str__(self) -> str:
        return f"job:{self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
