"""A visit to a customer, from plan to signed record, with what was raised on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.visits.models.policy import RequiredReason


class VisitKind(models.TextChoices):
    ON_SITE = "on_site", _("On-site visit")
    CALL = "call", _("Call")
    SERVICE_DAY = "service_day", _("On-site service day")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Completed")
    OVERDUE = "overdue", _("Overdue")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_VISIT_STATUSES = (VisitStatus.PLANNED, VisitStatus.CHECKED_IN, VisitStatus.OVERDUE)


class VisitOrigin(models.TextChoices):
    PLAN = "plan", _("Monthly plan")
    MANUAL = "manual", _("Added by hand")
    REQUIRED = "required", _("Required visit")


class Visit(TimeStampedModel):
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("customer"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("account manager"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=VisitKind.choices, default=VisitKind.ON_SITE
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    planned_date = models.DateField(_("planned date"), db_index=True)
    planned_time = models.TimeField(_("planned time"), null=True, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(_("planned duration (minutes)"), default=60)
    route_order = models.PositiveSmallIntegerField(_("order in the day's route"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=VisitOrigin.choices, default=VisitOrigin.MANUAL
    )
    plan_month = models.CharField(_("plan month"), max_length=7, blank=True, db_index=True)
    required_reason = models.CharField(
        _("required because of"), max_length=20, choices=RequiredReason.choices, blank=True
    )
    due_by = models.DateField(_("due by"), null=True, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    resolves_problem = models.BooleanField(_("resolves a specific problem"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    note = models.TextField(_("note"), blank=True)
    # Dropping (cancelling) a visit; a required one needs the reason.
    cancel_reason = models.TextField(_("reason for dropping"), blank=True)
    cancelled_at = models.DateTimeField(_("dropped at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dropped by"),
    )
    # Overdue handling.
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    supervisor_alerted_at = models.DateTimeField(null=True, blank=True)
    # Verified presence: check-in.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checkin_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    checkin_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    checkin_accuracy_m = models.PositiveIntegerField(null=True, blank=True)
    checkin_distance_m = models.PositiveIntegerField(
        _("distance from the customer (m)"), null=True, blank=True
    )
    # Verified presence: the customer's SMS code.
    confirmed_at = models.DateTimeField(_("confirmed by the customer at"), null=True, blank=True)
    confirmed_by_masked = models.CharField(_("confirmed from"), max_length=32, blank=True)
    # The record.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    staff_participants = models.CharField(_("our participants"), max_length=300, blank=True)
    customer_participants = models.CharField(
        _("customer's participants"), max_length=300, blank=True
    )
    discussion = models.TextField(_("what was discussed"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    signature_declined_reason = models.TextField(_("why the customer declined to sign"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("completed by"),
    )

    class Meta:
        ordering = ["planned_date", "route_order", "planned_time", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["manager", "planned_date"]),
            models.Index(fields=["customer", "planned_date"]),
            models.Index(fields=["status", "planned_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "required_reason", "source_ref"],
                condition=~Q(required_reason=""),
                name="visits_required_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.planned_date}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VISIT_STATUSES

    @property
    def is_required(self) -> bool:
        return bool(self.required_reason)

    @property
    def is_verified(self) -> bool:
        """Presence proven by a check-in with location, the customer's code, a stamped
        photo or a signature (the rule of ``selectors.verified_q``)."""
        from kamdesk.visits.selectors import verified_q

        return Visit.objects.filter(pk=self.pk).filter(verified_q()).exists()


class VisitSignature(TimeStampedModel):
    """The customer's signature over the visit record's content at the moment of signing."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("visit")
    )
    signer_name = models.CharField(_("signer's name"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    digest = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    content = models.TextField(_("signed content"))
    image_png = models.BinaryField(_("signature image (PNG)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("visit signature")
        verbose_name_plural = _("visit signatures")

    def __str__(self) -> str:
        return f"{self.signer_name} {self.signed_at:%Y-%m-%d %H:%M}"


class VisitPhoto(TimeStampedModel):
    """A photo taken on the visit, stamped with the server time and the staff id."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit")
    )
    file_id = models.UUIDField(_("file"))
    taken_at = models.DateTimeField(_("stamped at"))
    staff_id = models.CharField(_("staff id"), max_length=32)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.taken_at:%Y-%m-%d %H:%M}"


class NeedDisposition(models.TextChoices):
    PENDING = "pending", _("Pending")
    REQUEST = "request", _("Request")
    COMMITMENT = "commitment", _("Commitment")
    NO_ACTION = "no_action", _("No action")


class RaisedNeed(TimeStampedModel):
    """A need or problem the customer raised on a visit; it must be disposed of."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="needs", verbose_name=_("visit")
    )
    description = models.TextField(_("what the customer raised"))
    disposition = models.CharField(
        _("disposition"),
        max_length=16,
        choices=NeedDisposition.choices,
        default=NeedDisposition.PENDING,
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_needs",
        verbose_name=_("request"),
    )
    disposition_reason = models.TextField(_("reason"), blank=True)
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("disposed by"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("raised need")
        verbose_name_plural = _("raised needs")

    def __str__(self) -> str:
        return self.description[:60]


class OnSiteItemKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    HANDSET = "handset", _("Handset")
    SIM = "sim", _("SIM card")
    BILL_QUESTION = "bill_question", _("Bill question")
    OTHER = "other", _("Other")


class OnSiteItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDED_TO_ORDER = "handed_to_order", _("Handed to an order")
    RESOLVED = "resolved", _("Resolved")


class OnSiteItem(TimeStampedModel):
    """Something collected from the group or its employees on an on-site service day."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="onsite_items", verbose_name=_("visit")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OnSiteItemKind.choices)
    description = models.TextField(_("description"))
    requester_name = models.CharField(_("requester"), max_length=100, blank=True)
    requester_number = models.CharField(_("requester's number"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OnSiteItemStatus.choices,
        default=OnSiteItemStatus.OPEN,
    )
    handoff_ref = models.CharField(_("order reference"), max_length=64, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("on-site item")
        verbose_name_plural = _("on-site items")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:40]}"


class CalendarFeed(TimeStampedModel):
    """A manager's personal iCalendar subscription; only a hash of its token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="visit_feeds",
        verbose_name=_("staff member"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
