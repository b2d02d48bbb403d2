"""A request (ticket) of a key account, its clock pauses and its recorded events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.tickets.models.policy import Category, Priority


class RequestChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")
    WALK_IN = "walk_in", _("Walk-in")
    PORTAL = "portal", _("Portal")
    API = "api", _("API")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


OPEN_STATUSES = (Status.NEW, Status.ACCEPTED, Status.IN_PROGRESS, Status.WAITING, Status.REOPENED)


class Ticket(TimeStampedModel):
    """One key-account request, owned by the account manager (D8).

    The clock columns are stored so that the periodic sweep is a query: ``due_at`` and
    ``warn_at`` are the resolution deadline and warning moment (null while the clock is
    paused); ``*_pending_at`` hold the moment of the next thing the sweep must do and
    are cleared once it is done or the clock stops.
    """

    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("customer"),
    )
    subscribers = models.ManyToManyField(
        "customers.Subscriber", blank=True, related_name="requests", verbose_name=_("subscribers")
    )
    contact = models.ForeignKey(
        "customers.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("contact"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=RequestChannel.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)
    derived_priority = models.CharField(
        _("derived priority"), max_length=2, choices=Priority.choices
    )
    priority_reason = models.CharField(_("reason for the priority"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_requests",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    resolution = models.TextField(_("resolution"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed by the customer at"), null=True, blank=True)
    confirmation_note = models.CharField(_("customer's confirmation"), max_length=300, blank=True)
    # The clock, fixed when the request is opened (a policy change does not move it).
    calendar_code = models.CharField(max_length=32)
    response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    warning_percent = models.PositiveSmallIntegerField(default=75)
    statutory = models.BooleanField(_("statutory deadline"), default=False)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    response_breached_at = models.DateTimeField(null=True, blank=True)
    sla_met = models.BooleanField(_("resolved within the SLA"), null=True, blank=True)
    warn_pending_at = models.DateTimeField(null=True, blank=True)
    breach_pending_at = models.DateTimeField(null=True, blank=True)
    response_pending_at = models.DateTimeField(null=True, blank=True)
    source_message_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    resolution_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["owner", "status", "due_at"], name="ticket_owner_due"),
            models.Index(fields=["customer", "-opened_at"], name="ticket_customer"),
            models.Index(fields=["status", "due_at"], name="ticket_status_due"),
            models.Index(fields=["resolved_at"], name="ticket_resolved"),
            models.Index(
                fields=["warn_pending_at"],
                name="ticket_warn_pending",
                condition=Q(warn_pending_at__isnull=False),
            ),
            models.Index(
                fields=["breach_pending_at"],
                name="ticket_breach_pending",
                condition=Q(breach_pending_at__isnull=False),
            ),
            models.Index(
                fields=["response_pending_at"],
                name="ticket_response_pending",
                condition=Q(response_pending_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"R{self.pk:08d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClockPause(models.Model):
    """A span during which the request's clocks (and its steps') stood still."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=16)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(ended_at__isnull=True),
                name="one_open_pause_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.started_at:%Y-%m-%d %H:%M}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATUS = "status", _("Status changed")
    PRIORITY = "priority", _("Priority changed")
    COMMENT = "comment", _("Comment")
    EMAIL_IN = "email_in", _("E-mail from the customer")
    ATTACHMENT = "attachment", _("Attachment")
    STEP_ADDED = "step_added", _("Step added")
    STEP_OPENED = "step_opened", _("Step handed to the department")
    STEP_DELIVERED = "step_delivered", _("Step delivered to the department's system")
    STEP_DELIVERY_FAILED = "step_delivery_failed", _("Delivery to the department's system failed")
    STEP_UPDATED = "step_updated", _("Step updated by the department")
    STEP_HANDED_BACK = "step_handed_back", _("Step handed back")
    WARNING = "warning", _("SLA warning")
    BREACH = "breach", _("SLA breached")
    ESCALATION = "escalation", _("Escalated to the supervisor")
    RESPONSE_BREACH = "response_breach", _("Response target missed")
    CONFIRMED = "confirmed", _("Confirmed by the customer")
    SURVEY_SENT = "survey_sent", _("Satisfaction survey sent")
    SURVEY_ANSWERED = "survey_answered", _("Satisfaction survey answered")
    SURVEY_NO_RESPONSE = "survey_no_response", _("No answer to the survey")


class TicketEvent(models.Model):
    """One thing that happened to a request, shown on its page. Events the sweep writes
    carry a unique ``dedup_key``, so a run that comes twice records nothing twice."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        "tickets.Step", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    dedup_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["ticket", "at"], name="ticket_event_at")]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.kind}"
