from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class Role(models.TextChoices):
    MANAGER = "manager", _("Account manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    BACKOFFICE = "backoffice", _("Back-office agent")
    AUDITOR = "auditor", _("Auditor")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class ManagerGrade(models.TextChoices):
    """How Chinese operators grade account managers (客户经理职级), lowest first."""

    TRAINEE = "trainee", _("Trainee account manager")
    JUNIOR = "junior", _("Junior account manager")
    INTERMEDIATE = "intermediate", _("Intermediate account manager")
    SENIOR = "senior", _("Senior account manager")
    PRINCIPAL = "principal", _("Principal account manager")


class Department(TimeStampedModel):
    """A back-office department (billing, network, provisioning, ...)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    """Account managers under one supervisor."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_teams",
        verbose_name=_("supervisor"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. ``staff_id`` is the operator's employee number (watermarks, audit)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    grade = models.CharField(
        _("manager grade"),
        max_length=20,
        choices=ManagerGrade.choices,
        blank=True,
        help_text=_("The account manager's grade; empty for other roles."),
    )
    staff_id = models.CharField(_("staff id"), max_length=32, blank=True)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("team"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agents",
        verbose_name=_("department"),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.grade and self.role != Role.MANAGER:
            raise ValidationError({"grade": _("Only account managers have a grade.")})

    @property
    def title(self) -> str:
        """The grade for a graded manager (it names the role too), else the role."""
        return str(self.get_grade_display() if self.grade else self.get_role_display())


class Absence(TimeStampedModel):
    """A manager away from work; the backup manager acts for them meanwhile."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="absences", verbose_name=_("staff member")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="absence_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["user", "starts_at", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d}–{self.ends_at:%Y-%m-%d}"


class ApiToken(TimeStampedModel):
    """A bearer token. Only its SHA-256 is stored; it expires and can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class DataKind(models.TextChoices):
    """Kinds of data in the permissions matrix; later capabilities add theirs."""

    PROFILE = "profile", _("Customer profile")
    ACCOUNT = "account", _("Billing accounts")
    SUBSCRIBER = "subscriber", _("Subscribers")
    PRODUCT = "product", _("Group products and contracts")
    CONTACT = "contact", _("Contacts")
    INTERACTION = "interaction", _("Interactions")
    IDENTITY = "identity", _("Identity documents")
    CATALOGUE = "catalogue", _("Tariff catalogue")
    USAGE = "usage", _("Usage aggregates")
    CALL_RECORD = "call_record", _("Itemised call records")
    BILL = "bill", _("Bills")
    VISIT = "visit", _("Visit records and signatures")
    REQUEST = "request", _("Requests")
    ORDER = "order", _("Orders")
    COMMITMENT = "commitment", _("Commitments")
    STATEMENT = "statement", _("Statements and their delivery")
    RISK = "risk", _("Risk, anomalies and churn warnings")
    ADVICE = "advice", _("Tariff advice, opportunities and proposals")
    KNOWLEDGE = "knowledge", _("Knowledge base")
    PROSPECT = "prospect", _("Prospects and competitors")
    KPI = "kpi", _("Scorecards and KPIs")
    LEARNING = "learning", _("Learning paths and certifications")
    STAFF = "staff", _("Staff and teams")
    SECURITY = "security", _("Roles, permissions and keys")
    AUDIT = "audit", _("Audit trail")
    INSIDER_SIGNAL = "insider_signal", _("Insider-risk signals")
    CONFIG = "config", _("Configuration")


class Action(models.TextChoices):
    LIST = "list", _("List")
    VIEW = "view", _("View")
    VIEW_UNMASKED = "view_unmasked", _("View unmasked")
    CHANGE = "change", _("Change")
    EXPORT = "export", _("Export")


class PermissionRule(models.Model):
    """One allowed cell of the matrix: ``role`` may ``action`` on ``data_kind``.

    A cell without a row is denied. Rows are seeded from ``permissions.DEFAULT_MATRIX``
    and may be changed by the security administrator.
    """

    role = models.CharField(max_length=20, choices=Role.choices)
    data_kind = models.CharField(max_length=20, choices=DataKind.choices)
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = _("permission")
        verbose_name_plural = _("permissions")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "data_kind", "action"], name="one_rule_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}:{self.data_kind}:{self.action}"
