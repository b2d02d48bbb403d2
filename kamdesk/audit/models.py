from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only audit event, chained to the previous one by its hash."""

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    customer_id = models.BigIntegerField(_("customer"), null=True, blank=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    # The unmasking grant an access relied on. A plain id rather than a foreign key: the
    # trail must outlive the grant rows and must never be changed by a cascade.
    grant_id = models.BigIntegerField(_("grant"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["customer_id", "at"], name="audit_customer_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The single row holding the chain's latest sequence and hash (serialises appends)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    # The hash algorithm the next event is chained with (see ``chain.ALGORITHM_SWITCH``).
    algorithm = models.CharField(max_length=16, default="sha256")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
