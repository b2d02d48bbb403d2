"""Alerts to action: open an alert for a trigger, require its retention visit, close it
with an outcome or dismiss it with a reason.

An alert is unique per customer and ``source_ref``: opening it twice returns the first
one, so a nightly run or a re-ingested event can run any number of times.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer, Subscriber
from kamdesk.notifications.services import notify
from kamdesk.risk.explain import trigger_label
from kamdesk.risk.models import AlertStatus, Competitor, Outcome, RiskAlert
from kamdesk.risk.triggers import trigger_evaluate
from kamdesk.risk.visits_link import (
    retention_visit_require,
    visit_completed,
    visits_installed,
)
from kamdesk.users.models import User

log = logging.getLogger(__name__)


def _grade(customer: Customer) -> str:
    return customer.grade.code if customer.grade_id else ""


def _alert_insert(fields: dict[str, Any]) -> tuple[RiskAlert, bool]:
    existing = RiskAlert.objects.filter(
        customer=fields["customer"], source_ref=fields["source_ref"]
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return RiskAlert.objects.create(**fields), True
    except IntegrityError:
        # Opened at the same moment by another run: the unique constraint decides.
        return RiskAlert.objects.get(
            customer=fields["customer"], source_ref=fields["source_ref"]
        ), False


def alert_open(
    *,
    customer: Customer,
    trigger: str,
    source_ref: str,
    detail: str = "",
    subscriber: Subscriber | None = None,
    subscriber_fen: int = 0,
    customer_fen: int = 0,
    step: int = 0,
    opened_at: dt.datetime | None = None,
    actor: User | None = None,
) -> tuple[RiskAlert, bool]:
    """Open the alert for ``source_ref`` once; require its retention visit; tell the
    manager. Returns the alert and whether it was new."""
    moment = opened_at or timezone.now()
    judged = trigger_evaluate(
        trigger,
        opened_at=moment,
        grade=_grade(customer),
        subscriber_fen=subscriber_fen,
        customer_fen=customer_fen,
        step=step,
    )
    with transaction.atomic():
        alert, created = _alert_insert(
            {
                "customer": customer,
                "subscriber": subscriber,
                "trigger": trigger,
                "source_ref": source_ref[:120],
                "weight": judged.weight,
                "detail": detail[:500],
                "visit_required": judged.visit_required,
                "on_site": judged.on_site,
                "due_at": judged.due_at,
            }
        )
        if created:
            audit_record(
                actor=actor,
                action="risk.alert.opened",
                target=alert,
                customer_id=customer.pk,
                extra={"trigger": trigger, "source_ref": alert.source_ref, "weight": judged.weight},
            )
    if alert.visit_required and alert.visit_id is None:
        alert_visit_ensure(alert=alert, actor=actor)
    if created:
        _tell_manager(alert)
    return alert, created


def alert_visit_ensure(*, alert: RiskAlert, actor: User | None = None) -> RiskAlert:
    """Make the mandatory retention visit of ``alert`` (once) and remember its id."""
    due = alert.due_at or timezone.now() + dt.timedelta(hours=48)
    mode = _("on site") if alert.on_site else _("visit or call")
    note = _("%(trigger)s — retention visit (%(mode)s) within 48 hours. %(detail)s") % {
        "trigger": trigger_label(alert.trigger),
        "mode": mode,
        "detail": alert.detail,
    }
    try:
        visit_id = retention_visit_require(
            customer=alert.customer,
            due_by=timezone.localtime(due).date(),
            source_ref=f"risk:{alert.pk}",
            note=note,
            actor=actor,
        )
    except ValidationFailed as exc:
        # A customer without a manager: the alert stays open and visible on the board,
        # and the next run tries again once someone is assigned.
        log.warning("risk alert %s: no retention visit: %s", alert.pk, exc)
        return alert
    if visit_id is not None and alert.visit_id != visit_id:
        alert.visit_id = visit_id
        alert.save(update_fields=["visit_id", "updated_at"])
    return alert


def _tell_manager(alert: RiskAlert) -> None:
    customer = alert.customer
    for user in {u for u in (customer.manager, customer.backup_manager) if u is not None}:
        notify(
            user=user,
            kind="risk.alert",
            dedup_key=f"risk.alert.{alert.pk}.{user.pk}",
            title=_("Churn warning: %(customer)s — %(trigger)s")
            % {"customer": customer.name, "trigger": trigger_label(alert.trigger)},
            body=alert.detail,
            url=reverse("risk:alert", args=[alert.pk]),
        )


def _check_outcome(alert: RiskAlert, outcome: str, competitor: str, leaving_reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose an outcome from the list.")]
    if outcome == Outcome.LOST:
        if competitor not in Competitor.values:
            errors["competitor"] = [_("Name the competitor the customer left for.")]
        if not leaving_reason.strip():
            errors["leaving_reason"] = [_("Give the customer's reason for leaving.")]
    if alert.status != AlertStatus.OPEN:
        errors["status"] = [_("This alert is no longer open.")]
    if alert.visit_required and visits_installed() and not visit_completed(alert.visit_id):
        # Also when the visit could not be made yet (no manager): an outcome needs the
        # visit as evidence; without one the alert can only be dismissed with a reason.
        errors["visit"] = [
            _("Record the retention visit first: the alert closes with its outcome.")
        ]
    if errors:
        raise ValidationFailed(errors)


def alert_close(
    *, alert: RiskAlert, actor: User, outcome: str, competitor: str = "", leaving_reason: str = ""
) -> RiskAlert:
    """Close ``alert`` with the outcome of its retention visit (never without one)."""
    _check_outcome(alert, outcome, competitor, leaving_reason)
    with transaction.atomic():
        alert.status = AlertStatus.CLOSED
        alert.outcome = outcome
        alert.competitor = competitor if outcome == Outcome.LOST else ""
        alert.leaving_reason = leaving_reason.strip()[:300]
        alert.closed_at, alert.closed_by = timezone.now(), actor
        alert.save(
            update_fields=[
                "status",
                "outcome",
                "competitor",
                "leaving_reason",
                "closed_at",
                "closed_by",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="risk.alert.closed",
            target=alert,
            customer_id=alert.customer_id,
            extra={"outcome": outcome, "competitor": alert.competitor},
        )
    return alert


def alert_dismiss(*, alert: RiskAlert, actor: User, reason: str) -> RiskAlert:
    """Dismiss ``alert``: only with a reason, which the audit trail keeps."""
    if not (reason or "").strip():
        raise ValidationFailed({"reason": [_("Give a reason for dismissing the alert.")]})
    if alert.status != AlertStatus.OPEN:
        raise ValidationFailed({"status": [_("This alert is no longer open.")]})
    with transaction.atomic():
        alert.status = AlertStatus.DISMISSED
        alert.dismiss_reason = reason.strip()[:300]
        alert.closed_at, alert.closed_by = timezone.now(), actor
        alert.save(
            update_fields=["status", "dismiss_reason", "closed_at", "closed_by", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="risk.alert.dismissed",
            target=alert,
            customer_id=alert.customer_id,
            extra={"reason": alert.dismiss_reason},
        )
    return alert
