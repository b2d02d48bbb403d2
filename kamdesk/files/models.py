"""Private files: attachments kept in the private storage (never under static files)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One attachment of one owner (``owner_kind`` + ``owner_id``, e.g. ``request`` 12).

    Who may download it is decided by the owner's capability (see ``access.py``); every
    download is written to the audit trail.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_kind = models.CharField(_("owner kind"), max_length=32)
    owner_id = models.BigIntegerField(_("owner id"))
    customer_id = models.BigIntegerField(_("customer id"), null=True, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        indexes = [models.Index(fields=["owner_kind", "owner_id"])]

    def __str__(self) -> str:
        return self.name
