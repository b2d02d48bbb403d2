"""Required visits (retention from the early warning, …): idempotent, assigned to whoever
acts for the customer, announced, and dropped only with a reason the supervisor sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kamdesk.core.errors import ValidationFailed
from kamdesk.notifications.models import Notification
from kamdesk.users.models import Absence
from kamdesk.visits.models import Visit, VisitStatus
from kamdesk.visits.services import required_visit_create, visit_cancel
from tests.conftest import client_for
from tests.factories import UserFactory


def test_it_is_idempotent_per_customer_reason_and_source(frozen, manager, customer):
    due = dt.date(2026, 11, 27)
    first = required_visit_create(
        customer=customer, reason="retention", due_by=due, source_ref="risk:17"
    )
    again = required_visit_create(
        customer=customer, reason="retention", due_by=due, source_ref="risk:17"
    )
    other = required_visit_create(
        customer=customer, reason="retention", due_by=due, source_ref="risk:18"
    )
    assert first.pk == again.pk != other.pk
    assert Visit.objects.filter(customer=customer).count() == 2
    assert first.manager == manager and first.due_by == due and first.is_required
    assert first.planned_date == dt.date(2026, 11, 25)
    assert Notification.objects.filter(user=manager, kind="visit.required").count() == 2


def test_it_goes_to_the_backup_while_the_manager_is_absent(frozen, manager, customer):
    backup = UserFactory(username="backup_a", role="manager", team=manager.team)
    customer.backup_manager = backup
    customer.save()
    now = timezone.now()
    Absence.objects.create(
        user=manager, starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=3)
    )
    visit = required_visit_create(
        customer=customer, reason="complaint", due_by=dt.date(2026, 11, 27), source_ref="t:1"
    )
    assert visit.manager == backup
    assert Notification.objects.filter(user=backup, kind="visit.required").exists()


def test_it_refuses_an_unknown_reason(frozen, customer):
    with pytest.raises(ValidationFailed) as error:
        required_visit_create(
            customer=customer, reason="whim", due_by=dt.date(2026, 12, 1), source_ref="x"
        )
    assert "reason" in error.value.errors


def test_dropping_a_required_visit_needs_a_reason_and_the_supervisor_sees_it(
    frozen, manager, supervisor, customer
):
    visit = required_visit_create(
        customer=customer, reason="retention", due_by=dt.date(2026, 11, 27), source_ref="risk:1"
    )
    with pytest.raises(ValidationFailed) as error:
        visit_cancel(visit=visit, actor=manager, reason="  ")
    assert "reason" in error.value.errors
    visit_cancel(visit=visit, actor=manager, reason="客户已续约，无需上门")
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED
    assert Notification.objects.filter(user=supervisor, kind="visit.required_dropped").exists()
    page = client_for(supervisor).get("/visits/").content.decode()
    assert 'id="dropped-required"' in page and "客户已续约，无需上门" in page


def test_an_ordinary_visit_drops_without_a_reason(frozen, manager, customer):
    from tests.visits.factories import VisitFactory

    visit = VisitFactory(customer=customer)
    assert visit_cancel(visit=visit, actor=manager).status == VisitStatus.CANCELLED
