"""Required visits raised by the visit rules themselves: a new key account, a complaint,
a contract about to expire. (Retention visits are raised by the early warning through
``required_visit_create``.)

The administrator's ``RequiredVisitRule`` of each reason says whether it applies and
within how many days the visit is due. The sweep looks only at recent triggers — whose
visit would not be more than ``LATE_GRACE_DAYS`` past due — so turning a rule on, or
importing a whole province's customers at go-live, does not flood the managers with
visits already late; a scheduler that stopped for a few days still catches up. Safe to
run twice: ``required_visit_create`` is idempotent per (customer, reason, source).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contract, Customer, CustomerStatus
from kamdesk.tickets.models import Ticket
from kamdesk.visits.models import RequiredReason, RequiredVisitRule, Visit, VisitStatus
from kamdesk.visits.services.visits import required_visit_create

LATE_GRACE_DAYS = 7
# A key account is new when it entered KAM Desk recently and is new on the network too:
# a customer of long standing imported at go-live, or moved to another manager, is not.
NEW_CUSTOMER_MAX_MONTHS_ON_NETWORK = 3
# Request categories that are complaints (the requests capability's defaults).
COMPLAINT_CATEGORIES = ("complaint", "regulator_complaint", "escalated_complaint")
# A contract's renewal visit is raised this many days before it expires and is due the
# rule's number of days later.
CONTRACT_NOTICE_DAYS = 60
SERVED = (CustomerStatus.ACTIVE, CustomerStatus.AT_RISK)


@dataclass(frozen=True)
class Trigger:
    customer: Customer
    reason: str
    due_by: dt.date
    source_ref: str
    note: str = ""


@dataclass
class RequiredSweepResult:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, why)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def new_customer_triggers(*, today: dt.date, due_days: int) -> Iterator[Trigger]:
    """Served customers created since the look-back, new on the network, never visited."""
    since = today - dt.timedelta(days=due_days + LATE_GRACE_DAYS)
    visited = Visit.objects.filter(customer=OuterRef("pk")).exclude(status=VisitStatus.CANCELLED)
    rows = (
        Customer.objects.filter(
            status__in=SERVED,
            manager__isnull=False,
            created_at__date__gte=since,
            months_on_network__lte=NEW_CUSTOMER_MAX_MONTHS_ON_NETWORK,
        )
        .exclude(Exists(visited))
        .select_related("manager", "backup_manager")
    )
    for customer in rows:
        due = _local_day(customer.created_at) + dt.timedelta(days=due_days)
        yield Trigger(customer, RequiredReason.NEW_CUSTOMER, due, f"customer:{customer.pk}")


def complaint_triggers(*, today: dt.date, due_days: int) -> Iterator[Trigger]:
    """Complaints opened since the look-back, whatever their state now."""
    since = today - dt.timedelta(days=due_days + LATE_GRACE_DAYS)
    rows = Ticket.objects.filter(
        category__code__in=COMPLAINT_CATEGORIES,
        opened_at__date__gte=since,
        customer__status__in=SERVED,
    ).select_related("customer", "customer__manager", "customer__backup_manager")
    for ticket in rows:
        due = _local_day(ticket.opened_at) + dt.timedelta(days=due_days)
        yield Trigger(
            ticket.customer,
            RequiredReason.COMPLAINT,
            due,
            f"ticket:{ticket.pk}",
            note=ticket.title,
        )


def contract_triggers(*, today: dt.date, due_days: int) -> Iterator[Trigger]:
    """Contracts expiring within the notice period and not yet followed by a renewal."""
    renewed = Contract.objects.filter(
        customer=OuterRef("customer"),
        starts_on__gt=OuterRef("starts_on"),
        expires_on__gt=OuterRef("expires_on"),
    )
    rows = (
        Contract.objects.filter(
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=CONTRACT_NOTICE_DAYS),
            customer__status__in=SERVED,
        )
        .exclude(Exists(renewed))
        .select_related("customer", "customer__manager", "customer__backup_manager")
    )
    for contract in rows:
        raised = contract.expires_on - dt.timedelta(days=CONTRACT_NOTICE_DAYS)
        due = min(max(raised, today) + dt.timedelta(days=due_days), contract.expires_on)
        yield Trigger(
            contract.customer,
            RequiredReason.CONTRACT_EXPIRY,
            due,
            f"contract:{contract.pk}",
            note=f"{contract.code} {contract.title} {contract.expires_on:%Y-%m-%d}",
        )


FINDERS = {
    RequiredReason.NEW_CUSTOMER: new_customer_triggers,
    RequiredReason.COMPLAINT: complaint_triggers,
    RequiredReason.CONTRACT_EXPIRY: contract_triggers,
}


def _already_made(reason: str, triggers: list[Trigger]) -> set[tuple[int, str]]:
    """(customer, source) of the triggers whose visit exists already, in a few queries."""
    refs = sorted({t.source_ref for t in triggers})
    made: set[tuple[int, str]] = set()
    for start in range(0, len(refs), 500):
        made.update(
            Visit.objects.filter(
                required_reason=reason, source_ref__in=refs[start : start + 500]
            ).values_list("customer_id", "source_ref")
        )
    return made


def required_visits_sweep(*, today: dt.date | None = None) -> RequiredSweepResult:
    """Raise the required visits of every active rule this sweep handles."""
    today = today or timezone.localdate()
    result = RequiredSweepResult()
    rules = RequiredVisitRule.objects.filter(is_active=True, reason__in=list(FINDERS))
    for rule in rules.order_by("reason"):
        triggers = list(FINDERS[RequiredReason(rule.reason)](today=today, due_days=rule.due_days))
        made = _already_made(rule.reason, triggers)
        count = 0
        for t in triggers:
            if (t.customer.pk, t.source_ref) in made:
                continue
            try:
                required_visit_create(
                    customer=t.customer,
                    reason=t.reason,
                    due_by=t.due_by,
                    source_ref=t.source_ref,
                    note=t.note,
                )
            except ValidationFailed as exc:
                result.skipped.append((t.source_ref, str(exc)))
                continue
            count += 1
        result.created[rule.reason] = count
    return result


__all__ = [
    "CONTRACT_NOTICE_DAYS",
    "LATE_GRACE_DAYS",
    "RequiredSweepResult",
    "Trigger",
    "required_visits_sweep",
]
