"""Commitments (承诺): what a manager promised a customer, by when, and whether it was kept.

A commitment is open until it is fulfilled (with evidence) or cancelled (with a reason).
It turns overdue the day after its due date. A new due date needs the customer's
agreement, recorded on the event that changes it; the first due date stays on the row
(``original_due_on``) and every change stays in the history (``CommitmentEvent``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class SourceKind(models.TextChoices):
    VISIT_NEED = "visit_need", _("Need raised during a visit")
    REQUEST = "request", _("Request")
    CALL = "call", _("Phone call")
    PROPOSAL = "proposal", _("Proposal")
    OTHER = "other", _("Other")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RENEGOTIATED = "renegotiated", _("Renegotiated")
    OVERDUE = "overdue", _("Overdue")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses of a commitment that still has to be kept.
PENDING_STATUSES = (
    CommitmentStatus.OPEN,
    CommitmentStatus.RENEGOTIATED,
    CommitmentStatus.OVERDUE,
)


class Commitment(TimeStampedModel):
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("customer"),
    )
    contact = models.ForeignKey(
        "customers.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("promised to"),
    )
    title = models.CharField(_("what was promised"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    promised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commitments_promised",
        verbose_name=_("promised by"),
    )
    promised_on = models.DateField(_("promised on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commitments_owned",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"), db_index=True)
    original_due_on = models.DateField(_("first due date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
        db_index=True,
    )
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    source_ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("source request"),
    )
    source_need = models.ForeignKey(
        "visits.RaisedNeed",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("source visit need"),
    )
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fulfilled by"),
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments_delivered",
        verbose_name=_("request that delivered it"),
    )
    evidence_order = models.ForeignKey(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments_delivered",
        verbose_name=_("order that delivered it"),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # The last reminder sent (so many days before ``reminded_for``, the due date it was
    # for): the quarter-hourly sweep passes over a commitment already reminded instead of
    # trying its notice's dedup key again. A new due date gets its own reminders.
    reminded_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["owner", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("commitments:detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    REMINDED = "reminded", _("Reminder sent")
    OVERDUE = "overdue", _("Became overdue")
    ESCALATED = "escalated", _("Escalated to the supervisor")
    RENEGOTIATED = "renegotiated", _("Renegotiated")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


class CommitmentEvent(models.Model):
    """One line of a commitment's history; a renegotiation keeps both dates and the
    customer's agreement."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    old_due_on = models.DateField(_("previous due date"), null=True, blank=True)
    new_due_on = models.DateField(_("new due date"), null=True, blank=True)
    agreed_by = models.CharField(_("agreed by (customer side)"), max_length=100, blank=True)
    agreement = models.TextField(_("customer's agreement"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("commitment event")
        verbose_name_plural = _("commitment events")

    def __str__(self) -> str:
        return f"{self.commitment_id}:{self.kind}"


def validate_remind_days(value: str) -> None:
    """The console refuses reminder days the sweep could not read."""
    from kamdesk.commitments.rules import parse_remind_days

    try:
        parse_remind_days(value)
    except ValueError as exc:
        raise ValidationError(
            _("Give days between 1 and 60 separated by commas, for example 3,1.")
        ) from exc


class CommitmentPolicy(models.Model):
    """The reminder policy (one row, edited in the configuration console)."""

    remind_days = models.CharField(
        _("remind this many days before the due date"),
        max_length=40,
        default="3,1",
        help_text=_("Comma-separated days, for example 3,1."),
        validators=[validate_remind_days],
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("tell the supervisor this many days after the due date"), default=2
    )

    class Meta:
        verbose_name = _("commitment reminder policy")
        verbose_name_plural = _("commitment reminder policy")

    def __str__(self) -> str:
        return str(_("Commitment reminders"))
