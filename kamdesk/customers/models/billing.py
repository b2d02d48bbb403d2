from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel
from kamdesk.customers.models.catalogue import TariffPlan
from kamdesk.customers.models.customer import Customer


class PaymentRelation(models.TextChoices):
    GROUP = "group", _("Paid by the group (统付)")
    MEMBER = "member", _("Paid by each member (个付)")
    PARTIAL = "partial", _("Group pays up to a limit")


class BillingType(models.TextChoices):
    POSTPAID = "postpaid", _("Postpaid")
    PREPAID = "prepaid", _("Prepaid")


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Account(TimeStampedModel):
    """A billing account (账户) of a customer."""

    code = models.CharField(_("account code"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=200)
    payment_relation = models.CharField(
        _("payment relation"), max_length=16, choices=PaymentRelation.choices
    )
    group_pay_limit = models.DecimalField(
        _("group pays up to (yuan/month)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    billing_type = models.CharField(
        _("billing type"), max_length=16, choices=BillingType.choices, default=BillingType.POSTPAID
    )
    bill_contact = models.ForeignKey(
        "customers.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="billed_accounts",
        verbose_name=_("contact receiving bills"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("billing account")
        verbose_name_plural = _("billing accounts")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class SubscriberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    PORTED_OUT = "ported_out", _("Ported out")
    CANCELLED = "cancelled", _("Cancelled")


class Subscriber(TimeStampedModel):
    """A subscriber (用户): one number held by one party for a period.

    Numbers are recycled and ported, so ``number`` is not unique: the holder at a
    moment is the row whose ``valid_from <= day < valid_to`` (open-ended when null).
    """

    subscriber_id = models.CharField(_("subscriber id"), max_length=32, unique=True)
    number = models.CharField(_("number"), max_length=13)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="subscribers", verbose_name=_("customer")
    )
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="subscribers",
        verbose_name=_("billing account"),
    )
    plan = models.ForeignKey(
        TariffPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subscribers",
        verbose_name=_("plan"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.ACTIVE,
    )
    activated_on = models.DateField(_("activated on"), null=True, blank=True)
    holder_name = models.CharField(_("registered holder"), max_length=100, blank=True)
    user_name = models.CharField(_("actual user"), max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [
            models.Index(fields=["number", "valid_from"]),
            models.Index(fields=["customer", "number"]),
            models.Index(fields=["account"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="subscriber_valid_to_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id}"


class ProductKind(models.TextChoices):
    VPMN = "vpmn", _("Closed user group (V网)")
    DEDICATED_LINE = "dedicated_line", _("Dedicated line (专线)")
    BROADBAND = "broadband", _("Enterprise broadband")
    IOT_POOL = "iot_pool", _("IoT card pool")
    CLOUD = "cloud", _("Cloud service")


class Product(TimeStampedModel):
    """A group product without a number of its own."""

    product_id = models.CharField(_("product id"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="products", verbose_name=_("customer")
    )
    account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("billing account"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProductKind.choices)
    name = models.CharField(_("name"), max_length=200)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    monthly_fee = models.DecimalField(
        _("monthly fee (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)

    class Meta:
        ordering = ["product_id"]
        verbose_name = _("group product")
        verbose_name_plural = _("group products")

    def __str__(self) -> str:
        return self.name


class ProductMember(models.Model):
    """A member line of a closed user group (or an IoT pool), with its short number."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="members")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="product_memberships"
    )
    short_number = models.CharField(_("short number"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("product member")
        constraints = [
            models.UniqueConstraint(fields=["product", "subscriber"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.subscriber_id}"


class Contract(TimeStampedModel):
    """A contract with a key account: term, expiry, minimum monthly commitment (保底)."""

    code = models.CharField(_("contract code"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("customer")
    )
    title = models.CharField(_("title"), max_length=200)
    products = models.ManyToManyField(
        Product, blank=True, related_name="contracts", verbose_name=_("products covered")
    )
    starts_on = models.DateField(_("starts on"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    expires_on = models.DateField(_("expires on"), db_index=True)
    minimum_monthly = models.DecimalField(
        _("minimum monthly commitment (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    tender_ref = models.CharField(_("tender reference"), max_length=64, blank=True)

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.title
