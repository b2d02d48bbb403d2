"""Usage analytics: the warehouse manifest, monthly aggregates, bills and subscriber events.

Itemised records (CDRs) never enter the database: they live in month-partitioned Parquet
files under ``settings.WAREHOUSE_DIR``. The database holds what pages need quickly (the
monthly aggregates), what is small and edited by version (bills), the event history,
and the manifest that says which warehouse files are complete (docs/usage.md).

Money is integer fen (分) throughout this app: sums stay exact on every engine.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.models import Account, Customer, Subscriber


def fen_to_yuan(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(Decimal("0.01"))


class DataKind(models.TextChoices):
    CDR = "cdr", _("Call-detail records")
    BILLS = "bills", _("Bills")
    EVENTS = "events", _("Subscriber events")


class IngestionStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Ingestion(models.Model):
    """The manifest: one input file and what became of it.

    A file's warehouse files are registered (``WarehouseFile``) in the same transaction
    that sets ``status`` to done, so readers, who take their file lists from here, never
    see part of a file. The content hash is unique: the same file is ingested once.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=DataKind.choices)
    source_path = models.CharField(_("file"), max_length=1000)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)
    size_bytes = models.BigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=IngestionStatus.choices, default=IngestionStatus.RUNNING
    )
    rows_total = models.BigIntegerField(_("rows read"), default=0)
    rows_good = models.BigIntegerField(_("rows stored"), default=0)
    rows_quarantined = models.BigIntegerField(_("rows quarantined"), default=0)
    rows_duplicate = models.BigIntegerField(_("rows already seen"), default=0)
    months = models.JSONField(_("months touched"), default=list)
    aggregated = models.BooleanField(_("aggregates up to date"), default=False)
    report_path = models.CharField(_("report"), max_length=1000, blank=True)
    quarantine_path = models.CharField(_("quarantine file"), max_length=1000, blank=True)
    message = models.TextField(_("message"), blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ingested file")
        verbose_name_plural = _("ingested files")
        indexes = [models.Index(fields=["status", "aggregated"], name="usage_ingest_pending")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.source_path}"


class WarehouseFile(models.Model):
    """One complete Parquet file of itemised records, for one month."""

    ingestion = models.ForeignKey(Ingestion, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8, choices=DataKind.choices, default=DataKind.CDR)
    month = models.DateField(_("month"))
    path = models.CharField(_("path in the warehouse"), max_length=500, unique=True)
    rows = models.BigIntegerField(_("rows"), default=0)
    size_bytes = models.BigIntegerField(_("size (bytes)"), default=0)

    class Meta:
        ordering = ["kind", "month", "path"]
        verbose_name = _("warehouse file")
        verbose_name_plural = _("warehouse files")
        indexes = [models.Index(fields=["kind", "month"], name="usage_file_kind_month")]

    def __str__(self) -> str:
        return self.path


class PurgedMonth(models.Model):
    """A month whose itemised records were dropped by the retention rule."""

    kind = models.CharField(max_length=8, choices=DataKind.choices, default=DataKind.CDR)
    month = models.DateField(_("month"))
    purged_at = models.DateTimeField(_("dropped at"), auto_now_add=True)
    files = models.PositiveIntegerField(_("files"), default=0)
    rows = models.BigIntegerField(_("rows"), default=0)

    class Meta:
        ordering = ["kind", "month"]
        verbose_name = _("dropped month")
        verbose_name_plural = _("dropped months")
        constraints = [models.UniqueConstraint(fields=["kind", "month"], name="usage_purged_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.month:%Y-%m}"


class Operator(models.TextChoices):
    CMCC = "cmcc", _("China Mobile")
    UNICOM = "unicom", _("China Unicom")
    TELECOM = "telecom", _("China Telecom")
    BROADNET = "broadnet", _("China Broadnet")
    OTHER = "other", _("Other or unknown")


class OperatorPrefix(models.Model):
    """A mobile number prefix (3 or 4 digits) and the operator it was allocated to.

    Numbers are portable (携号转网), so an operator read from a prefix is an estimate and
    is labelled as such wherever it is shown.
    """

    prefix = models.CharField(_("prefix"), max_length=4, unique=True)
    operator = models.CharField(_("operator"), max_length=8, choices=Operator.choices)

    class Meta:
        ordering = ["prefix"]
        verbose_name = _("number prefix")
        verbose_name_plural = _("number prefixes")

    def __str__(self) -> str:
        return f"{self.prefix} {self.operator}"


class UsageMetrics(models.Model):
    """The figures of one month (or day) of usage; the same columns at every level.

    Shares are kept as counts (they add up across subscribers); the properties divide.
    Calls to operators and to competitors' service numbers count outgoing voice calls.
    """

    month = models.DateField(_("month"))
    voice_out_calls = models.BigIntegerField(default=0)
    voice_in_calls = models.BigIntegerField(default=0)
    voice_out_seconds = models.BigIntegerField(default=0)
    voice_in_seconds = models.BigIntegerField(default=0)
    voice_out_minutes = models.BigIntegerField(default=0)
    voice_in_minutes = models.BigIntegerField(default=0)
    # Outgoing calls to a member of a closed user group (V网) the caller belongs to.
    voice_out_cug_calls = models.BigIntegerField(default=0)
    voice_out_cug_minutes = models.BigIntegerField(default=0)
    sms_out = models.BigIntegerField(default=0)
    sms_in = models.BigIntegerField(default=0)
    data_sessions = models.BigIntegerField(default=0)
    data_kb = models.BigIntegerField(default=0)
    voice_fen = models.BigIntegerField(default=0)
    sms_fen = models.BigIntegerField(default=0)
    data_fen = models.BigIntegerField(default=0)
    total_fen = models.BigIntegerField(default=0)
    roaming_records = models.BigIntegerField(default=0)
    intl_roaming_records = models.BigIntegerField(default=0)
    roaming_fen = models.BigIntegerField(default=0)
    distinct_peers = models.BigIntegerField(default=0)
    calls_cmcc = models.BigIntegerField(default=0)
    calls_unicom = models.BigIntegerField(default=0)
    calls_telecom = models.BigIntegerField(default=0)
    calls_broadnet = models.BigIntegerField(default=0)
    calls_other = models.BigIntegerField(default=0)
    operator_estimated_calls = models.BigIntegerField(default=0)
    calls_10010 = models.BigIntegerField(default=0)
    calls_10000 = models.BigIntegerField(default=0)
    calls_10099 = models.BigIntegerField(default=0)
    activity_records = models.BigIntegerField(default=0)
    night_records = models.BigIntegerField(default=0)
    weekend_records = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def total_yuan(self) -> Decimal:
        return fen_to_yuan(self.total_fen)

    @property
    def competitor_service_calls(self) -> int:
        return self.calls_10010 + self.calls_10000 + self.calls_10099

    @property
    def operator_estimated(self) -> bool:
        """Whether some calls' operators come from number prefixes (portability)."""
        return self.operator_estimated_calls > 0

    @property
    def night_share(self) -> float:
        return self.night_records / self.activity_records if self.activity_records else 0.0

    @property
    def weekend_share(self) -> float:
        return self.weekend_records / self.activity_records if self.activity_records else 0.0


class SubscriberMonth(UsageMetrics):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="usage_months"
    )
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["month"]
        verbose_name = _("subscriber usage month")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "month"], name="usage_sub_month_once")
        ]
        indexes = [models.Index(fields=["customer", "month"], name="usage_sub_month_cust")]

    def __str__(self) -> str:
        return f"{self.subscriber_id}:{self.month:%Y-%m}"


class AccountMonth(UsageMetrics):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="usage_months")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["month"]
        verbose_name = _("account usage month")
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="usage_acc_month_once")
        ]
        indexes = [models.Index(fields=["customer", "month"], name="usage_acc_month_cust")]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.month:%Y-%m}"


class CustomerMonth(UsageMetrics):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="usage_months")

    class Meta:
        ordering = ["month"]
        verbose_name = _("customer usage month")
        constraints = [
            models.UniqueConstraint(fields=["customer", "month"], name="usage_cust_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.month:%Y-%m}"


class Bill(models.Model):
    """One version of a monthly bill of an account, or of one subscriber of it.

    A corrected bill arrives as a higher ``version`` of the same ``bill_id``; every
    version is kept and ``is_current`` marks the highest one, which totals use. Rows of
    one account and month add up: an account-level bill (no subscriber) carries only
    what is not billed to a subscriber.
    """

    bill_id = models.CharField(_("bill id"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="bills")
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.PROTECT, related_name="bills"
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="bills")
    month = models.DateField(_("month"))
    plan_fee_fen = models.BigIntegerField(default=0)
    voice_fee_fen = models.BigIntegerField(default=0)
    sms_fee_fen = models.BigIntegerField(default=0)
    data_fee_fen = models.BigIntegerField(default=0)
    roaming_fee_fen = models.BigIntegerField(default=0)
    value_added_fee_fen = models.BigIntegerField(default=0)
    adjustment_fen = models.BigIntegerField(default=0)
    discount_fen = models.BigIntegerField(default=0)
    total_fen = models.BigIntegerField(default=0)
    vat_basic_fen = models.BigIntegerField(default=0)
    vat_value_added_fen = models.BigIntegerField(default=0)
    paid_fen = models.BigIntegerField(default=0)
    balance_fen = models.BigIntegerField(default=0)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    ingestion = models.ForeignKey(
        Ingestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "bill_id", "version"]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        constraints = [
            models.UniqueConstraint(fields=["bill_id", "version"], name="usage_bill_version_once")
        ]
        indexes = [
            models.Index(fields=["customer", "month", "is_current"], name="usage_bill_cust"),
            models.Index(fields=["account", "month", "is_current"], name="usage_bill_acc"),
            models.Index(fields=["subscriber", "month"], name="usage_bill_sub"),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} v{self.version}"

    @property
    def arrears_fen(self) -> int:
        return max(self.total_fen - self.paid_fen, 0)


class EventType(models.TextChoices):
    ACTIVATION = "activation", _("Activation")
    CANCELLATION = "cancellation", _("Cancellation")
    PORT_OUT_CODE_REQUESTED = "port_out_code_requested", _("Port-out authorisation code requested")
    PORTED_OUT = "ported_out", _("Ported out")
    PLAN_UPGRADE = "plan_upgrade", _("Plan upgrade")
    PLAN_DOWNGRADE = "plan_downgrade", _("Plan downgrade")
    SERVICE_ADDED = "service_added", _("Service added")
    SERVICE_REMOVED = "service_removed", _("Service removed")
    SUSPENSION = "suspension", _("Suspension")
    RESUMPTION = "resumption", _("Resumption")
    JOINED_GROUP = "joined_group", _("Joined group")
    LEFT_GROUP = "left_group", _("Left group")
    CONTRACT_EXPIRING = "contract_expiring", _("Contract expiring")


class SubscriberEvent(models.Model):
    """An event of a subscriber reported by the operator's systems (BOSS, CRM, network)."""

    event_id = models.CharField(_("event id"), max_length=64, unique=True)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="events")
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="subscriber_events"
    )
    number = models.CharField(_("number"), max_length=13)
    occurred_at = models.DateTimeField(_("when"))
    type = models.CharField(_("type"), max_length=32, choices=EventType.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ingestion = models.ForeignKey(
        Ingestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("subscriber event")
        verbose_name_plural = _("subscriber events")
        indexes = [
            models.Index(fields=["subscriber", "-occurred_at"], name="usage_event_sub"),
            models.Index(fields=["customer", "type", "occurred_at"], name="usage_event_cust"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
