"""The manager's day in the demo: KPI targets and weights, the start-of-year revenue
snapshot, one handover (a rebalancing inside a team, with its note, audit and the
contacts told) and the demo manager's morning (a visit today, a retention visit, an
overdue commitment, anniversaries of key contacts this week). Runs last, after every
capability's history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.customers.models import Contact, Contract, Customer
from kamdesk.home.services import HandoverInput, handover_perform
from kamdesk.scorecards.kpis import kpis_available
from kamdesk.scorecards.models import KpiTarget
from kamdesk.scorecards.services import revenue_snapshot_take
from kamdesk.users.models import Role, Team, User

# Targets an operator's provincial office would set (percent KPIs in percent).
DEMO_TARGETS: dict[str, tuple[str, str]] = {
    "revenue_retention": ("98", "3"),
    "requests_sla": ("95", "2"),
    "satisfaction": ("4.5", "2"),
    "visits_on_time": ("90", "2"),
    "visits_verified": ("80", "1"),
    "commitments_on_time": ("95", "2"),
    "subscribers_retained": ("97", "1"),
    "subscribers_churned": ("5", "1"),
    "retention_save_rate": ("10", "1"),
    "opportunities_converted": ("30", "1"),
}
# Managers the other demos show off (the demo manager, the absent one and the stand-in)
# keep their portfolios.
KEEP = {"manager1", "manager3", "manager4"}


def _handover_pair() -> tuple[User, User, User] | None:
    for team in Team.objects.select_related("supervisor").order_by("name"):
        managers = [
            m
            for m in team.members.filter(role=Role.MANAGER, is_active=True).order_by("username")
            if m.username not in KEEP
        ]
        if len(managers) >= 2:
            return team.supervisor, managers[0], managers[1]
    return None


def _handover(today: dt.date) -> int:
    pair = _handover_pair()
    if pair is None:
        return 0
    supervisor, source, target = pair
    customers = list(
        Customer.objects.filter(manager=source).order_by("code").values_list("pk", flat=True)[:2]
    )
    if not customers:
        return 0
    handover_perform(
        actor=supervisor,
        data=HandoverInput(
            from_manager_id=source.pk,
            to_manager_id=target.pk,
            customer_ids=customers,
            reason="rebalance",
            note=_(
                "Rebalancing the team's portfolios. Both customers expect a call this week; "
                "the open requests are listed on their pages."
            ),
        ),
    )
    return len(customers)


SHOWCASE_MANAGER = "manager1"


def _showcase(today: dt.date) -> None:
    """Make sure the demo manager's morning shows one of each thing to act on: a visit
    today, a retention visit and an overdue commitment. Each is made through its
    capability's own service, and only when that capability's demo made none."""
    manager = User.objects.filter(username=SHOWCASE_MANAGER).first()
    customers = list(Customer.objects.filter(manager=manager).order_by("code")[:3])
    if manager is None or not customers:
        return
    if apps.is_installed("kamdesk.visits"):
        _showcase_visits(manager, customers, today)
    if apps.is_installed("kamdesk.commitments"):
        _showcase_commitment(manager, customers[-1], today)
    showcase_anniversaries(customers, today)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return dt.date(day.year - years, 2, 28)


def showcase_anniversaries(customers: list[Customer], today: dt.date) -> None:
    """Anniversaries this week on the demo manager's home: a key contact five years in
    their post in two days, and a customer whose first contract with the operator was
    signed eight years ago in three days (its first agreement, long expired)."""
    for offset, customer in enumerate(customers[:2]):
        active = customer.contacts.filter(is_active=True).order_by("-consent_greetings", "pk")
        first = active.first()
        if first is not None and first.in_post_since is None:
            when = _years_before(today + dt.timedelta(days=2 + offset), 5 + offset)
            Contact.objects.filter(pk=first.pk).update(in_post_since=when)
    customer = customers[-1]
    starts = _years_before(today + dt.timedelta(days=3), 8)
    Contract.objects.get_or_create(
        code=f"HT-FIRST-{customer.code}"[:32],
        defaults={
            "customer": customer,
            "title": _("First service agreement with China Mobile"),
            "starts_on": starts,
            "term_months": 36,
            "expires_on": _years_before(starts, -3),
        },
    )


def _showcase_visits(manager: User, customers: list[Customer], today: dt.date) -> None:
    from kamdesk.visits.models import OPEN_VISIT_STATUSES, Visit
    from kamdesk.visits.services.visits import VisitInput, required_visit_create, visit_create

    mine = Visit.objects.filter(manager=manager, status__in=OPEN_VISIT_STATUSES)
    if not mine.filter(planned_date=today).exists():
        visit_create(
            actor=manager,
            data=VisitInput(
                customer=customers[0],
                planned_date=today,
                planned_time=dt.time(10, 0),
                purpose=_("Quarterly visit: communication needs for next year"),
            ),
        )
    if not mine.exclude(required_reason="").exists():
        required_visit_create(
            customer=customers[min(1, len(customers) - 1)],
            reason="retention",
            due_by=today + dt.timedelta(days=3),
            source_ref="demo:manager-day",
            note=_("Usage fell sharply and a port-out code was requested."),
        )


def _showcase_commitment(manager: User, customer: Customer, today: dt.date) -> None:
    from kamdesk.commitments.models import PENDING_STATUSES, Commitment
    from kamdesk.commitments.services import CommitmentInput, commitment_create

    overdue = Commitment.objects.filter(
        owner=manager, status__in=PENDING_STATUSES, due_on__lt=today
    )
    if overdue.exists():
        return
    promised = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=10), dt.time(10)))
    commitment_create(
        actor=manager,
        data=CommitmentInput(
            customer=customer,
            title=_("Send the upgraded dedicated-line quotation"),
            due_on=today - dt.timedelta(days=2),
            source_kind="call",
        ),
        now=promised,
    )


def manager_day_demo_load(*, seed: int, today: dt.date) -> str:
    codes = {s.code for s in kpis_available()}
    with transaction.atomic():
        for code, (target, weight) in DEMO_TARGETS.items():
            if code in codes:
                KpiTarget.objects.update_or_create(
                    code=code, defaults={"target": Decimal(target), "weight": Decimal(weight)}
                )
        snapshot = revenue_snapshot_take(year=today.year)
        moved = _handover(today)
        _showcase(today)
    return _(
        "Manager's day: %(targets)s KPI targets, a start-of-year snapshot of %(snapshot)s "
        "customers, %(moved)s customers handed over."
    ) % {"targets": KpiTarget.objects.count(), "snapshot": snapshot, "moved": moved}
