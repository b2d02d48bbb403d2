"""The satisfaction survey the system sends the customer's contact when a request is
resolved. Only the contact answers it, through a signed one-time link."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.tickets.models.ticket import Ticket


class SurveyStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    NO_RESPONSE = "no_response", _("No response")
    NOT_SENT = "not_sent", _("No contact to ask")


class Survey(TimeStampedModel):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="surveys")
    round = models.PositiveSmallIntegerField(default=1)
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=8, blank=True)
    nonce = models.CharField(max_length=32, unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("answer by"))
    status = models.CharField(
        _("status"), max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.SENT
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "round"], name="one_survey_per_resolution"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["expires_at"], name="survey_open", condition=Q(status="sent"))
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}#{self.round}"
