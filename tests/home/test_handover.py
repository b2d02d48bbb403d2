"""A supervisor hands customers over: access moves with them, their open requests follow,
the history stays, the audit trail records it and the contacts are told who their new
manager is and how to reach them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.models import AuditEvent
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.home.services import HandoverInput, handover_perform
from kamdesk.notifications.models import Notification, OutboundMessage
from tests.conftest import client_for
from tests.factories import ContactFactory, CustomerFactory, InteractionFactory, UserFactory
from tests.home.factories import make_ticket
from tests.scorecards.factories import commitment, visit

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def colleague(team):
    return UserFactory(
        username="manager_c",
        role="manager",
        team=team,
        display_name="周经理",
        phone="13800138000",
        email="zhou@kam.example.cn",
    )


def test_it_moves_access_open_work_and_tells_the_contacts(supervisor, manager, colleague):
    customer = CustomerFactory(manager=manager, name="南京星科")
    kept = CustomerFactory(manager=manager, name="留下的集团")
    ContactFactory(customer=customer, name="钱主任", phone="13700001111", preferred_channel="sms")
    ContactFactory(
        customer=customer, name="孙总", email="sun@xk.example.cn", preferred_channel="email"
    )
    open_ticket = make_ticket(customer=customer, opened_at=NOW)
    closed_ticket = make_ticket(customer=customer, opened_at=NOW, status="closed")
    history = InteractionFactory(customer=customer)
    planned = visit(customer, dt.date(2026, 11, 30))
    done_visit = visit(customer, dt.date(2026, 11, 2), status="completed")
    promise = commitment(customer, dt.date(2026, 12, 5))

    client = client_for(supervisor)
    response = client.post(
        "/handovers/new/",
        {
            "from_manager": manager.pk,
            "to_manager": colleague.pk,
            "reason": "departure",
            "note": "客户关注专线扩容，月底前回访。",
            "tell_contacts": "on",
            "customers": [customer.pk],
        },
    )
    assert response.status_code == 302

    assert list(customers_visible_to(user=colleague)) == [customer]
    assert list(customers_visible_to(user=manager)) == [kept]
    assert client_for(manager).get(f"/customers/{customer.pk}/").status_code == 404
    open_ticket.refresh_from_db(), closed_ticket.refresh_from_db(), history.refresh_from_db()
    assert open_ticket.owner == colleague and closed_ticket.owner == manager
    assert history.staff == manager  # the history stays as it was
    for row in (planned, done_visit, promise):
        row.refresh_from_db()
    assert planned.manager == colleague and done_visit.manager == manager
    assert promise.owner == colleague

    sms = OutboundMessage.objects.get(channel="sms")
    mail = OutboundMessage.objects.get(channel="email")
    assert sms.recipient == "13700001111" and mail.recipient == "sun@xk.example.cn"
    for message in (sms, mail):
        assert "周经理" in message.body and "13800138000" in message.body
        assert "zhou@kam.example.cn" in message.body
    assert AuditEvent.objects.filter(
        action="customer.handed_over", customer_id=customer.pk
    ).exists()
    assert Notification.objects.filter(user=colleague, kind="handover.received").exists()


def test_it_refuses_customers_of_another_manager_and_strangers(
    supervisor, manager, colleague, other_manager
):
    foreign = CustomerFactory(manager=other_manager)
    with pytest.raises(ValidationFailed) as refused:
        handover_perform(
            actor=supervisor,
            data=HandoverInput(manager.pk, colleague.pk, [foreign.pk], "rebalance", "说明"),
        )
    assert "customers" in refused.value.errors
    with pytest.raises(ValidationFailed) as outside:
        handover_perform(
            actor=supervisor,
            data=HandoverInput(manager.pk, other_manager.pk, [], "rebalance", ""),
        )
    assert {"to_manager", "customers", "note"} <= set(outside.value.errors)
    foreign.refresh_from_db()
    assert foreign.manager == other_manager


def test_a_manager_cannot_hand_over(manager, colleague):
    assert client_for(manager).get("/handovers/new/").status_code == 404
    with pytest.raises(ValidationFailed):
        handover_perform(
            actor=manager,
            data=HandoverInput(
                manager.pk, colleague.pk, [CustomerFactory(manager=manager).pk], "leave", "说明"
            ),
        )


def test_the_contacts_are_told_once(supervisor, manager, colleague):
    customer = CustomerFactory(manager=manager)
    ContactFactory(customer=customer, phone="13700002222")
    handover = handover_perform(
        actor=supervisor,
        data=HandoverInput(manager.pk, colleague.pk, [customer.pk], "leave", "说明"),
    )
    assert OutboundMessage.objects.count() == 1
    assert handover.lines.get().contacts_told == 1
    assert client_for(colleague).get(f"/handovers/{handover.pk}/").status_code == 200
    assert (
        client_for(UserFactory(username="nobody", role="manager"))
        .get(f"/handovers/{handover.pk}/")
        .status_code
        == 404
    )
