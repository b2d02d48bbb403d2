"""Bills are personal information (D3): every showing of bill figures, on the usage panel
of the 360 page or on a subscriber's page, is written to the audit trail as
`bill.viewed`; a role the matrix keeps from bills sees none and leaves no such event."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.models import AuditEvent
from kamdesk.usage.models import Bill
from kamdesk.users.models import PermissionRule
from kamdesk.users.permissions import clear_cache
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 15, 4, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def billed(warehouse, group):
    customer, account, subscribers = group
    Bill.objects.create(
        bill_id="B1",
        version=1,
        account=account,
        customer=customer,
        subscriber=subscribers[0],
        month=dt.date(2026, 9, 1),
        total_fen=12800,
        paid_fen=0,
    )
    return customer, subscribers[0]


def test_it_audits_the_bills_on_the_usage_panel(billed, manager):
    customer, _line = billed
    assert client_for(manager).get(f"/usage/customer/{customer.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="bill.viewed")
    assert (event.actor, event.customer_id) == (manager, customer.pk)
    assert "2026-09" in event.extra["months"]


def test_it_audits_the_bills_on_a_subscribers_page(billed, manager):
    customer, line = billed
    assert client_for(manager).get(f"/usage/subscriber/{line.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="bill.viewed")
    assert (event.target_type, event.target_id) == ("customers.subscriber", str(line.pk))
    assert (event.customer_id, event.extra["months"]) == (customer.pk, ["2026-09"])


def test_it_writes_nothing_for_a_role_kept_from_bills(billed, supervisor):
    customer, _line = billed
    PermissionRule.objects.filter(role="supervisor", data_kind="bill").delete()
    clear_cache()
    response = client_for(supervisor).get(f"/usage/customer/{customer.pk}/")
    assert response.status_code == 200  # the usage panel is shown, without the bills
    html = response.content.decode()
    assert "¥128.00" not in html
    assert not AuditEvent.objects.filter(action="bill.viewed").exists()
