from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.fields import EncryptedTextField
from kamdesk.core.models import TimeStampedModel


class CustomerKind(models.TextChoices):
    GROUP = "group", _("Group (enterprise)")
    INDIVIDUAL = "individual", _("Individual VIP")


class CustomerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    AT_RISK = "at_risk", _("At risk")
    CHURNED = "churned", _("Churned")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HKMO_PERMIT = "hkmo_permit", _("Hong Kong/Macao travel permit")
    TAIWAN_PERMIT = "taiwan_permit", _("Taiwan travel permit")
    FOREIGNER_PRC = "foreigner_prc", _("Foreigner's permanent residence card")


class Grade(models.Model):
    """A customer grade (groups A–D, individuals diamond/gold/silver); configurable."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CustomerKind.choices)
    name = models.CharField(_("name"), max_length=50)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the most valuable"))

    class Meta:
        ordering = ["kind", "rank"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self) -> str:
        return self.name


class Customer(TimeStampedModel):
    """A key account (客户): an enterprise group or an individual VIP, imported from BOSS."""

    code = models.CharField(_("customer code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CustomerKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent group"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_pinyin = models.CharField(max_length=600, blank=True, db_index=True)
    name_initials = models.CharField(max_length=200, blank=True, db_index=True)
    uscc = models.CharField(_("USCC"), max_length=18, blank=True, db_index=True)
    id_type = models.CharField(
        _("identity document type"), max_length=20, choices=IdType.choices, blank=True
    )
    id_number = EncryptedTextField(_("identity document number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField(max_length=32, blank=True)
    grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, related_name="customers", verbose_name=_("grade")
    )
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    region = models.CharField(_("region"), max_length=50, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CustomerStatus.choices, default=CustomerStatus.ACTIVE
    )
    credit_tier = models.CharField(_("credit tier"), max_length=16, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_customers",
        verbose_name=_("account manager"),
    )
    backup_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="backup_customers",
        verbose_name=_("backup manager"),
    )
    monthly_revenue = models.DecimalField(
        _("monthly revenue (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    arpu = models.DecimalField(_("ARPU (yuan)"), max_digits=12, decimal_places=2, default=0)
    months_on_network = models.PositiveIntegerField(_("months on network"), default=0)
    # Customer knowledge (K4): what the manager knows of the customer as a whole.
    preferences = models.TextField(_("preferences and habits"), blank=True)
    consumption_motives = models.TextField(_("consumption motives"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["manager", "code"]),
            models.Index(fields=["manager", "region"]),
            models.Index(fields=["backup_manager", "manager"]),
            models.Index(fields=["kind", "grade", "status"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self) -> str:
        return self.name
