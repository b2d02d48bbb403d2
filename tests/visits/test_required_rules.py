"""The required-visit rules at work: a new key account, a complaint and a contract about to
expire each raise one required visit, due within the rule's days, once; an inactive
rule raises none; old triggers do not flood the managers at go-live."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kamdesk.customers.models import Contract
from kamdesk.notifications.models import Notification
from kamdesk.tickets.models import Category
from kamdesk.visits.models import RequiredVisitRule, Visit
from kamdesk.visits.services import required_visit_create
from kamdesk.visits.services.required import required_visits_sweep
from tests.factories import CustomerFactory, grade
from tests.home.factories import make_ticket
from tests.visits.factories import VisitFactory

TODAY = dt.date(2026, 11, 25)  # the frozen Wednesday of tests/visits/conftest.py


@pytest.fixture
def established(frozen, manager):
    """A customer of long standing with a visit on record: no rule applies to it."""
    customer = CustomerFactory(manager=manager, grade=grade("B"), months_on_network=72)
    VisitFactory(customer=customer, planned_date=dt.date(2026, 10, 5), status="completed")
    return customer


def _required(reason: str) -> list[Visit]:
    return list(Visit.objects.filter(required_reason=reason).order_by("pk"))


def test_a_new_key_account_gets_one_required_visit_within_the_rules_days(
    frozen, manager, established
):
    newcomer = CustomerFactory(manager=manager, months_on_network=1)
    CustomerFactory(manager=manager, months_on_network=48)  # imported at go-live: not new

    result = required_visits_sweep()

    (visit,) = _required("new_customer")
    assert visit.customer == newcomer and visit.manager == manager
    assert visit.due_by == TODAY + dt.timedelta(days=14)
    assert visit.source_ref == f"customer:{newcomer.pk}"
    assert result.created["new_customer"] == 1
    assert Notification.objects.filter(user=manager, kind="visit.required").count() == 1
    again = required_visits_sweep()
    assert again.created["new_customer"] == 0 and len(_required("new_customer")) == 1


def test_a_complaint_requires_a_visit_and_other_requests_do_not(frozen, manager, established):
    now = timezone.now()
    complaint = make_ticket(
        customer=established,
        opened_at=now - dt.timedelta(days=1),
        category=Category.objects.get(code="complaint"),
        title="话费争议投诉",
    )
    other = Category.objects.exclude(code__contains="complaint").first()
    make_ticket(customer=established, opened_at=now, category=other)
    make_ticket(  # a complaint long closed before the rule's look-back
        customer=established,
        opened_at=now - dt.timedelta(days=60),
        category=Category.objects.get(code="escalated_complaint"),
    )

    required_visits_sweep()

    (visit,) = _required("complaint")
    assert visit.source_ref == f"ticket:{complaint.pk}"
    assert visit.due_by == TODAY - dt.timedelta(days=1) + dt.timedelta(days=3)
    assert "话费争议投诉" in visit.note


def test_a_contract_about_to_expire_requires_a_renewal_visit(frozen, manager, established):
    expiring = Contract.objects.create(
        code="HT-2024-001",
        customer=established,
        title="集团专线协议",
        starts_on=dt.date(2024, 1, 10),
        term_months=36,
        expires_on=TODAY + dt.timedelta(days=70),
    )
    Contract.objects.create(  # expires next year: too early
        code="HT-2025-002",
        customer=CustomerFactory(manager=manager, months_on_network=30),
        title="物联网协议",
        starts_on=dt.date(2025, 6, 1),
        term_months=24,
        expires_on=dt.date(2027, 6, 1),
    )

    with_notice = required_visits_sweep(today=TODAY)
    assert with_notice.created["contract_expiry"] == 0  # 70 days out: notice is 60

    later = TODAY + dt.timedelta(days=20)  # now 50 days before expiry
    required_visits_sweep(today=later)
    (visit,) = _required("contract_expiry")
    assert visit.source_ref == f"contract:{expiring.pk}"
    # Raised at expiry - 60 days (already passed on the day it is found), due 30 days on.
    assert visit.due_by == later + dt.timedelta(days=30)
    assert visit.due_by <= expiring.expires_on


def test_a_renewed_contract_raises_no_visit(frozen, manager, established):
    common = {"customer": established, "title": "集团专线协议", "term_months": 36}
    Contract.objects.create(
        code="HT-OLD",
        starts_on=dt.date(2023, 12, 20),
        expires_on=TODAY + dt.timedelta(days=30),
        **common,
    )
    Contract.objects.create(
        code="HT-NEW",
        starts_on=TODAY,
        expires_on=TODAY + dt.timedelta(days=3 * 365),
        **common,
    )
    required_visits_sweep()
    assert _required("contract_expiry") == []


def test_an_inactive_rule_raises_nothing_and_the_days_follow_the_rule(frozen, manager, established):
    RequiredVisitRule.objects.filter(reason="new_customer").update(is_active=False)
    RequiredVisitRule.objects.filter(reason="complaint").update(due_days=1)
    CustomerFactory(manager=manager, months_on_network=0)
    make_ticket(
        customer=established,
        opened_at=timezone.now(),
        category=Category.objects.get(code="regulator_complaint"),
    )

    result = required_visits_sweep()

    assert "new_customer" not in result.created and _required("new_customer") == []
    (visit,) = _required("complaint")
    assert visit.due_by == TODAY + dt.timedelta(days=1)


def test_a_required_visit_without_a_due_date_takes_it_from_the_rule(frozen, manager, customer):
    RequiredVisitRule.objects.filter(reason="retention").update(due_days=5)
    visit = required_visit_create(customer=customer, reason="retention", source_ref="risk:9")
    assert visit.due_by == TODAY + dt.timedelta(days=5)


def test_a_customer_without_a_manager_is_reported_not_lost(frozen, established):
    orphan = CustomerFactory(manager=None, months_on_network=60)
    ticket = make_ticket(
        customer=orphan,
        owner=established.manager,
        opened_at=timezone.now(),
        category=Category.objects.get(code="complaint"),
    )
    result = required_visits_sweep()
    assert [source for source, _why in result.skipped] == [f"ticket:{ticket.pk}"]
    assert "customer" in result.skipped[0][1]


def test_the_command_raises_them_as_of_a_day(frozen, manager, established):
    CustomerFactory(manager=manager, months_on_network=0)
    out = StringIO()
    call_command("visits", "required", "--date", "2026-11-25", stdout=out)
    assert "new_customer=1" in out.getvalue() and "complaint=0" in out.getvalue()


def test_the_rules_run_every_day_under_the_scheduler(db):
    from crontask import scheduler

    from kamdesk.visits.tasks import required_visits_task

    assert required_visits_task.name in {job.name for job in scheduler.get_jobs()}
