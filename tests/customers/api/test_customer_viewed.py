"""Opening a customer over the API is traced like opening its page."""

import pytest

from kamdesk.audit.models import AuditEvent
from tests.conftest import api_client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_records_who_viewed_the_customer(manager):
    customer = CustomerFactory(manager=manager)
    api_client_for(manager).get(f"/api/v1/customers/{customer.pk}")
    event = AuditEvent.objects.get(action="customer.viewed")
    assert (event.actor, event.customer_id) == (manager, customer.pk)


def test_it_records_nothing_for_a_customer_out_of_scope(manager, other_manager):
    customer = CustomerFactory(manager=other_manager)
    api_client_for(manager).get(f"/api/v1/customers/{customer.pk}")
    assert not AuditEvent.objects.filter(action="customer.viewed").exists()
