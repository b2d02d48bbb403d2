"""Green-channel steps run in sequence or in parallel, each on its own clock, and pause
with their request."""

import datetime as dt

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.tickets.models import Status, StepStatus
from kamdesk.tickets.services.steps import step_add, step_hand_back
from kamdesk.tickets.services.tickets import ticket_set_status
from tests.tickets.conftest import open_request


def _statuses(ticket):
    return [(s.department.code, s.status) for s in ticket.steps.order_by("sequence", "pk")]


def test_it_opens_a_later_step_only_when_the_earlier_one_is_handed_back(
    frozen, manager, customer, billing, network, backoffice
):
    ticket = open_request(actor=manager, customer=customer)
    first = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    second = step_add(ticket=ticket, actor=manager, department=network, instructions="查流量")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert _statuses(ticket) == [("billing", "open"), ("network", "waiting")]
    assert second.due_at is None and first.due_at is not None

    frozen.shift(dt.timedelta(hours=2))
    step_hand_back(step=first, actor=backoffice, outcome="账单无误，系流量包未生效")
    second.refresh_from_db()
    assert _statuses(ticket) == [("billing", "done"), ("network", "open")]
    # The second step's own clock starts when it is handed over, not when it was added.
    assert second.opened_at == dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.UTC)
    # Department default: one working day (450 min) from Wednesday 12:00 → Thursday 12:00.
    assert second.due_at == dt.datetime(2026, 11, 26, 4, 0, tzinfo=dt.UTC)


def test_it_runs_parallel_steps_together(frozen, manager, customer, billing, network):
    ticket = open_request(actor=manager, customer=customer)
    step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    step_add(
        ticket=ticket,
        actor=manager,
        department=network,
        instructions="查流量",
        placement="parallel",
    )
    assert _statuses(ticket) == [("billing", "open"), ("network", "open")]
    assert {s.sequence for s in ticket.steps.all()} == {1}


def test_it_waits_for_every_parallel_step_before_the_next(
    frozen, manager, customer, billing, network, backoffice, network_agent
):
    ticket = open_request(actor=manager, customer=customer)
    a = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    b = step_add(
        ticket=ticket,
        actor=manager,
        department=network,
        instructions="查流量",
        placement="parallel",
    )
    step_add(ticket=ticket, actor=manager, department=billing, instructions="退费")
    step_hand_back(step=a, actor=backoffice, outcome="已核对")
    assert _statuses(ticket)[2] == ("billing", "waiting")
    step_hand_back(step=b, actor=network_agent, outcome="流量正常")
    assert _statuses(ticket)[2] == ("billing", "open")


def test_waiting_for_the_customer_pauses_the_open_steps(frozen, manager, customer, billing):
    ticket = open_request(actor=manager, customer=customer)
    step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    before = step.due_at
    ticket_set_status(ticket=ticket, actor=manager, status=Status.WAITING, note="等客户发票")
    step.refresh_from_db()
    ticket.refresh_from_db()
    assert step.due_at is None and ticket.due_at is None
    assert step.breach_pending_at is None and ticket.breach_pending_at is None

    # Resumed at Wednesday 13:00 (lunch until 13:30): the pause held 10:00–12:00, two
    # working hours, so the deadline moves from Thursday 10:00 to Thursday 12:00.
    frozen.shift(dt.timedelta(hours=3))
    ticket_set_status(ticket=ticket, actor=manager, status=Status.IN_PROGRESS)
    step.refresh_from_db()
    assert step.due_at == before + dt.timedelta(hours=2)
    assert step.status == StepStatus.OPEN


def test_it_cannot_resolve_while_a_step_is_open(frozen, manager, customer, billing):
    ticket = open_request(actor=manager, customer=customer)
    step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    with pytest.raises(ValidationFailed):
        ticket_set_status(ticket=ticket, actor=manager, status=Status.RESOLVED, resolution="x")
