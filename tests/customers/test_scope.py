"""Least privilege (D3): who sees which key accounts."""

import datetime as dt

import pytest
import time_machine
from django.http import Http404

from kamdesk.customers.selectors import customer_get, customers_visible_to
from kamdesk.users.models import Absence
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


def test_it_shows_a_manager_only_their_own_customers(manager, other_manager):
    mine = CustomerFactory(manager=manager)
    CustomerFactory(manager=other_manager)
    assert list(customers_visible_to(user=manager)) == [mine]


def test_it_answers_404_for_another_managers_customer(manager, other_manager):
    theirs = CustomerFactory(manager=other_manager)
    with pytest.raises(Http404):
        customer_get(user=manager, customer_id=theirs.pk)


@time_machine.travel(NOW, tick=False)
def test_it_lets_the_backup_see_the_account_only_during_the_managers_absence(
    manager, other_manager
):
    customer = CustomerFactory(manager=other_manager, backup_manager=manager)
    assert customer not in customers_visible_to(user=manager)
    Absence.objects.create(
        user=other_manager,
        starts_at=NOW - dt.timedelta(days=1),
        ends_at=NOW + dt.timedelta(days=2),
        reason="年假",
    )
    assert customer in customers_visible_to(user=manager)
    assert customer_get(user=manager, customer_id=customer.pk) == customer
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert customer not in customers_visible_to(user=manager)


def test_it_shows_a_supervisor_their_teams_customers_only(supervisor, manager, other_manager):
    ours = CustomerFactory(manager=manager)
    CustomerFactory(manager=other_manager)
    assert list(customers_visible_to(user=supervisor)) == [ours]


def test_it_shows_the_system_administrator_everything(sysadmin, manager, other_manager):
    CustomerFactory(manager=manager)
    CustomerFactory(manager=other_manager)
    assert customers_visible_to(user=sysadmin).count() == 2


def test_it_shows_back_office_and_auditors_no_customer_list(backoffice, auditor, manager):
    CustomerFactory(manager=manager)
    assert customers_visible_to(user=backoffice).count() == 0
    assert customers_visible_to(user=auditor).count() == 0


def test_it_shows_an_inactive_user_nothing(manager):
    CustomerFactory(manager=manager)
    manager.is_active = False
    manager.save()
    assert customers_visible_to(user=manager).count() == 0
