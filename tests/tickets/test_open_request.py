"""Opening a request: priority derived from grade and category, targets from the policy,
the clock stored, and the contact recorded in the customer's interaction timeline."""

import datetime as dt

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Interaction
from kamdesk.tickets.models import Status, TicketEvent
from tests.factories import CustomerFactory, grade
from tests.tickets.conftest import open_request


def test_it_derives_the_priority_and_stores_the_deadlines(frozen, manager, customer, contact):
    ticket = open_request(actor=manager, customer=customer, contact=contact)
    # A bill dispute is high priority; the p2 policy gives 900 business minutes (2 days).
    assert ticket.priority == ticket.derived_priority == "p2"
    assert ticket.status == Status.NEW
    assert ticket.calendar_code == "standard"
    # Wednesday 10:00 + 2 working days of 7.5 h → Friday 10:00 (Shanghai) = 02:00 UTC.
    assert ticket.due_at == dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
    assert ticket.breach_pending_at == ticket.due_at
    assert ticket.warn_pending_at == ticket.warn_at < ticket.due_at
    assert TicketEvent.objects.filter(ticket=ticket, kind="created").exists()


def test_it_runs_round_the_clock_for_a_top_grade(frozen, manager):
    top = CustomerFactory(manager=manager, grade=grade("A"))
    ticket = open_request(actor=manager, customer=top, category="billing_query")
    assert ticket.calendar_code == "24x7"
    assert ticket.priority == "p2"  # a normal category raised one level for grade A
    assert ticket.due_at == frozen_now() + dt.timedelta(minutes=1440)


def frozen_now():
    return dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def test_it_needs_a_reason_for_another_priority(frozen, manager, customer):
    with pytest.raises(ValidationFailed) as caught:
        open_request(actor=manager, customer=customer, priority="p4")
    assert "priority_reason" in caught.value.errors
    ticket = open_request(
        actor=manager,
        customer=customer,
        priority="p4",
        priority_reason="客户说不急，月底前处理即可",
    )
    assert (ticket.priority, ticket.derived_priority) == ("p4", "p2")


def test_it_records_the_request_in_the_interaction_timeline(frozen, manager, customer, contact):
    ticket = open_request(actor=manager, customer=customer, contact=contact, channel="wechat")
    interaction = Interaction.objects.get(customer=customer)
    assert interaction.channel == "wechat" and interaction.inbound
    assert ticket.number in interaction.summary


def test_it_refuses_a_contact_of_another_customer(frozen, manager, customer):
    from tests.factories import ContactFactory

    stranger = ContactFactory()
    with pytest.raises(ValidationFailed) as caught:
        open_request(actor=manager, customer=customer, contact=stranger)
    assert "contact" in caught.value.errors
