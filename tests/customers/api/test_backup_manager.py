"""The backup manager sees a customer only while its manager is absent."""

import datetime as dt

import pytest
import time_machine

from kamdesk.users.models import Absence
from tests.conftest import api_client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_it_opens_the_customer_to_the_backup_only_during_the_absence(manager, other_manager):
    customer = CustomerFactory(manager=other_manager, backup_manager=manager)
    client = api_client_for(manager)
    assert client.get(f"/api/v1/customers/{customer.pk}").status_code == 404

    Absence.objects.create(
        user=other_manager,
        starts_at=NOW - dt.timedelta(days=1),
        ends_at=NOW + dt.timedelta(days=2),
        reason="年假",
    )
    assert client.get(f"/api/v1/customers/{customer.pk}").status_code == 200
    assert client.get("/api/v1/customers").json()["count"] == 1

    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert client.get(f"/api/v1/customers/{customer.pk}").status_code == 404
        assert client.get("/api/v1/customers").json()["count"] == 0
