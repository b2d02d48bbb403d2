"""A step of the green channel: part of a request handed to one back-office department."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.tickets.models.policy import BackofficeSystem
from kamdesk.tickets.models.ticket import Ticket


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for earlier steps")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Handed back")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STEP_STATUSES = (StepStatus.OPEN, StepStatus.IN_PROGRESS)


class Delivery(models.TextChoices):
    NONE = "", _("Worked in KAM Desk")
    PENDING = "pending", _("Being delivered")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Delivery failed")


class Step(TimeStampedModel):
    """Steps with the same ``sequence`` run in parallel; a higher sequence opens when every
    step before it is handed back. Each step has its own clock (its department's target)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="steps")
    department = models.ForeignKey(
        "users.Department",
        on_delete=models.PROTECT,
        related_name="request_steps",
        verbose_name=_("department"),
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    instructions = models.TextField(_("what is asked"))
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_steps",
        verbose_name=_("assignee"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_back_at = models.DateTimeField(_("handed back at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    calendar_code = models.CharField(max_length=32, blank=True)
    target_minutes = models.PositiveIntegerField(default=0)
    warning_percent = models.PositiveSmallIntegerField(default=75)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    sla_met = models.BooleanField(null=True, blank=True)
    warn_pending_at = models.DateTimeField(null=True, blank=True)
    breach_pending_at = models.DateTimeField(null=True, blank=True)
    # The outbound interface to the department's own system, if it has one.
    system = models.ForeignKey(
        BackofficeSystem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
        verbose_name=_("department's system"),
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, blank=True, default=Delivery.NONE
    )
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_next_at = models.DateTimeField(null=True, blank=True)
    delivery_error = models.CharField(max_length=300, blank=True)
    external_ref = models.CharField(
        _("reference in the department's system"), max_length=64, blank=True
    )

    class Meta:
        ordering = ["sequence", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        indexes = [
            # The department queue: its open steps, closest to breach first.
            models.Index(
                fields=["department", "due_at"],
                name="step_queue_active",
                condition=Q(status__in=["open", "in_progress"]),
            ),
            models.Index(fields=["ticket", "sequence"], name="step_ticket"),
            models.Index(
                fields=["warn_pending_at"],
                name="step_warn_pending",
                condition=Q(warn_pending_at__isnull=False),
            ),
            models.Index(
                fields=["breach_pending_at"],
                name="step_breach_pending",
                condition=Q(breach_pending_at__isnull=False),
            ),
            models.Index(
                fields=["delivery_next_at"],
                name="step_delivery_pending",
                condition=Q(delivery_next_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.sequence} {self.department_id}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STEP_STATUSES
