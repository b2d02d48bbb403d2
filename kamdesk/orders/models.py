"""Orders placed on a customer's behalf (D6): KAM Desk prepares, checks, approves and
tracks them, submits them to BOSS and reflects what BOSS confirms. It is not BOSS: the
customer's subscribers, plans and products change here only on BOSS's confirmation.

An order holds items of several kinds (new lines, plan changes, SIM replacements,
handsets, value-added services, bill payments). Identity numbers are kept encrypted
(they go to the real-name platform again before submission) and shown only masked.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.fields import EncryptedTextField
from kamdesk.core.models import TimeStampedModel


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SUBMITTING = "submitting", _("Submitting to BOSS")
    SUBMITTED = "submitted", _("Submitted to BOSS")
    CONFIRMED = "confirmed", _("Confirmed by BOSS")
    REJECTED = "rejected", _("Rejected by BOSS")
    FAILED = "failed", _("Not delivered to BOSS")
    CANCELLED = "cancelled", _("Cancelled")


EDITABLE_STATUSES = (OrderStatus.DRAFT,)
OPEN_STATUSES = (
    OrderStatus.DRAFT,
    OrderStatus.AWAITING_APPROVAL,
    OrderStatus.APPROVED,
    OrderStatus.SUBMITTING,
    OrderStatus.SUBMITTED,
)
# Orders not finished yet: the open ones, and those BOSS never accepted, which wait for
# their manager to cancel them and tell the customer. A handover moves these to the new
# manager; confirmed, rejected and cancelled orders keep theirs.
UNFINISHED_STATUSES = (*OPEN_STATUSES, OrderStatus.FAILED)


class Delivery(models.TextChoices):
    NONE = "none", _("Not sent")
    PENDING = "pending", _("Sending")
    DELIVERED = "delivered", _("Accepted by BOSS")
    FAILED = "failed", _("Failed")


class Order(TimeStampedModel):
    number = models.CharField(_("order number"), max_length=32, unique=True)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("customer"),
    )
    account = models.ForeignKey(
        "customers.Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("billing account for new lines"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders_owned",
        verbose_name=_("account manager"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.DRAFT,
        db_index=True,
    )
    note = models.TextField(_("note"), blank=True)
    discount = models.DecimalField(
        _("discount (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    discount_reason = models.CharField(_("reason for the discount"), max_length=200, blank=True)
    source_visit = models.ForeignKey(
        "visits.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("on-site service day"),
    )
    # Approval.
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_note = models.CharField(_("approval note"), max_length=300, blank=True)
    # The customer's signature on the order form.
    signed_by = models.CharField(_("signed by"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature_png = models.BinaryField(null=True, blank=True, editable=False)
    signed_digest = models.CharField(max_length=64, blank=True)
    # Submission to BOSS: one key for every attempt, so BOSS creates one order.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.NONE
    )
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_next_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivery_error = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    boss_ref = models.CharField(_("BOSS order number"), max_length=64, blank=True)
    boss_answered_at = models.DateTimeField(_("BOSS answered at"), null=True, blank=True)
    boss_reason = models.TextField(_("BOSS's reason"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Fulfilment steps for back-office departments go through the green channel.
    fulfilment_ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("fulfilment request"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["customer", "status"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orders:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ItemKind(models.TextChoices):
    NEW_LINE = "new_line", _("New subscriber")
    PLAN_CHANGE = "plan_change", _("Plan change")
    SIM_REPLACEMENT = "sim_replacement", _("SIM replacement")
    HANDSET = "handset", _("Handset purchase")
    VAS = "vas", _("Value-added service")
    BILL_PAYMENT = "bill_payment", _("Bill payment")


class NumberSource(models.TextChoices):
    POOL = "pool", _("From the BOSS number pool")
    PORT_IN = "port_in", _("Ported in")


class Ownership(models.TextChoices):
    PERSONAL = "personal", _("Personal line")
    COMPANY = "company", _("Company-owned line")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed by BOSS")
    REJECTED = "rejected", _("Rejected by BOSS")


class OrderItem(TimeStampedModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    unit_price = models.DecimalField(
        _("unit price (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    # The line concerned: a number for a new line, the current subscriber otherwise.
    number = models.CharField(_("number"), max_length=13, blank=True)
    number_source = models.CharField(
        _("number source"), max_length=10, choices=NumberSource.choices, blank=True
    )
    subscriber = models.ForeignKey(
        "customers.Subscriber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order_items",
        verbose_name=_("subscriber"),
    )
    plan = models.ForeignKey(
        "customers.TariffPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("plan"),
    )
    addon = models.ForeignKey(
        "customers.TariffAddon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("value-added service"),
    )
    # Real name: the registered holder; for a company-owned line also the company, the
    # person handling the paperwork (经办人) and the actual user (实际使用人).
    ownership = models.CharField(
        _("ownership"), max_length=10, choices=Ownership.choices, blank=True
    )
    holder_name = models.CharField(_("registered holder"), max_length=100, blank=True)
    holder_id_type = models.CharField(_("holder's document type"), max_length=20, blank=True)
    holder_id_number = EncryptedTextField(_("holder's document number"), blank=True)
    holder_id_masked = models.CharField(max_length=32, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    handler_name = models.CharField(_("handled by (经办人)"), max_length=100, blank=True)
    handler_id_type = models.CharField(_("handler's document type"), max_length=20, blank=True)
    handler_id_number = EncryptedTextField(_("handler's document number"), blank=True)
    handler_id_masked = models.CharField(max_length=32, blank=True)
    user_name = models.CharField(_("actual user (实际使用人)"), max_length=100, blank=True)
    # Evidence from the operator's real-name platform (KAM Desk does no face matching).
    realname_verified_at = models.DateTimeField(_("real name verified at"), null=True, blank=True)
    card_reader_ref = models.CharField(_("card reader result"), max_length=64, blank=True)
    face_match_ref = models.CharField(_("face match reference"), max_length=64, blank=True)
    numbers_held = models.PositiveSmallIntegerField(
        _("numbers the holder has nationwide"), null=True, blank=True
    )
    # Handset: model and IMEI (recorded and checked at hand-over).
    handset_model = models.CharField(_("handset model"), max_length=100, blank=True)
    imei = models.CharField(_("IMEI"), max_length=15, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    # SIM replacement: the holder's verification and the new card.
    sim_serial = models.CharField(_("new SIM serial (ICCID)"), max_length=20, blank=True)
    holder_verified_at = models.DateTimeField(_("holder verified at"), null=True, blank=True)
    # Value-added service: the subscriber's SMS confirmation (二次确认).
    sms_confirmed_at = models.DateTimeField(_("confirmed by SMS at"), null=True, blank=True)
    # Bill payment arranged for the customer (no cash held by the manager).
    bill_months = models.CharField(_("months paid"), max_length=100, blank=True)
    boss_receipt = models.CharField(_("BOSS receipt number"), max_length=64, blank=True)
    # What BOSS answered for this item.
    boss_subscriber_id = models.CharField(max_length=32, blank=True)
    boss_reason = models.CharField(_("BOSS's reason"), max_length=300, blank=True)
    onsite_item = models.ForeignKey(
        "visits.OnSiteItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_items",
        verbose_name=_("on-site item"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order item")
        verbose_name_plural = _("order items")

    def __str__(self) -> str:
        return f"{self.order_id}:{self.get_kind_display()}"

    @property
    def amount(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(Decimal("0.01"))


class OrderEvent(models.Model):
    """The order's history: created, approved, submitted, BOSS's answers."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    dedup_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.kind}"


class InterfaceKind(models.TextChoices):
    BOSS = "boss", _("BOSS (billing and provisioning)")
    REALNAME = "realname", _("Real-name platform")


class ExternalInterface(TimeStampedModel):
    """An operator system KAM Desk calls: BOSS and the real-name platform.

    The URL and tokens are set by an administrator in the configuration console; the
    callback token is kept only as a hash."""

    kind = models.CharField(_("system"), max_length=16, choices=InterfaceKind.choices, unique=True)
    endpoint_url = models.URLField(_("endpoint URL"), max_length=300)
    outbound_token = models.CharField(_("token sent to the system"), max_length=200, blank=True)
    callback_token_hash = models.CharField(max_length=64, blank=True)
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=10)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before giving up"), default=6)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("operator system interface")
        verbose_name_plural = _("operator system interfaces")

    def __str__(self) -> str:
        return self.get_kind_display()


class OrderPolicy(models.Model):
    """Order rules set in the configuration console (one row)."""

    discount_limit = models.DecimalField(
        _("discount a manager may give without a supervisor (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("200.00"),
    )
    numbers_per_person = models.PositiveSmallIntegerField(
        _("numbers per person nationwide (一证五号)"), default=5
    )

    class Meta:
        verbose_name = _("order rules")
        verbose_name_plural = _("order rules")

    def __str__(self) -> str:
        return str(_("Order rules"))


class SimulatedBossOrder(models.Model):
    """What the simulated BOSS (demo and test only) received: one row per idempotency
    key, however often the key was sent."""

    idempotency_key = models.CharField(max_length=64, unique=True)
    order_number = models.CharField(max_length=32)
    boss_ref = models.CharField(max_length=64)
    payload = models.JSONField()
    times_received = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return self.boss_ref
