"""Complaints to the regulator (12300) and escalated complaints carry statutory deadlines
that no policy can relax: they run 24×7 and do not pause."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kamdesk.calendars.models import BusinessCalendar
from kamdesk.tickets.models import Category, SlaPolicy
from kamdesk.tickets.services.tickets import ticket_set_status
from tests.tickets.conftest import open_request


def test_a_regulator_complaint_runs_on_its_statutory_deadline(frozen, manager, customer):
    # Even lowered to normal priority (whose policy gives three working days), a complaint
    # to the regulator is due within its 72 calendar hours.
    ticket = open_request(
        actor=manager,
        customer=customer,
        category="regulator_complaint",
        priority="p3",
        priority_reason="客户同意按普通流程处理",
    )
    assert ticket.statutory and ticket.calendar_code == "24x7"
    assert ticket.due_at == ticket.opened_at + dt.timedelta(hours=72)
    # At its own (urgent) priority the stricter 4-hour policy applies.
    urgent = open_request(actor=manager, customer=customer, category="regulator_complaint")
    assert urgent.due_at == urgent.opened_at + dt.timedelta(hours=4)


def test_a_looser_policy_cannot_relax_it(frozen, manager, customer):
    category = Category.objects.get(code="escalated_complaint")
    loose = SlaPolicy(
        category=category,
        response_minutes=60,
        resolution_minutes=10 * 24 * 60,
        calendar=BusinessCalendar.objects.get(code="standard"),
    )
    with pytest.raises(ValidationError):
        loose.full_clean()
    loose.save()  # even if written behind the console's back
    ticket = open_request(actor=manager, customer=customer, category="escalated_complaint")
    assert ticket.due_at == ticket.opened_at + dt.timedelta(hours=48)


def test_a_stricter_policy_applies(frozen, manager, customer):
    category = Category.objects.get(code="escalated_complaint")
    SlaPolicy.objects.create(
        category=category,
        response_minutes=30,
        resolution_minutes=24 * 60,
        calendar=BusinessCalendar.objects.get(code="24x7"),
    )
    ticket = open_request(actor=manager, customer=customer, category="escalated_complaint")
    assert ticket.due_at == ticket.opened_at + dt.timedelta(hours=24)


def test_waiting_does_not_stop_a_statutory_clock(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer, category="regulator_complaint")
    due = ticket.due_at
    ticket_set_status(ticket=ticket, actor=manager, status="waiting")
    ticket.refresh_from_db()
    assert ticket.due_at == due and ticket.breach_pending_at == due


def test_a_step_is_due_no_later_than_the_statutory_deadline(frozen, manager, customer, billing):
    from kamdesk.tickets.services.steps import step_add

    # Lowered to normal priority the complaint is due in 72 calendar hours; a billing
    # step handed over 70 hours in would, by its department's one working day, be due
    # after that: it is due when the request is.
    ticket = open_request(
        actor=manager,
        customer=customer,
        category="regulator_complaint",
        priority="p3",
        priority_reason="客户同意按普通流程处理",
    )
    frozen.shift(dt.timedelta(hours=70))
    step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    assert step.due_at == ticket.due_at
    assert step.opened_at < step.warn_at < step.due_at
    assert step.breach_pending_at == ticket.due_at


def test_a_stricter_priority_pulls_the_open_steps_deadline_in(frozen, manager, customer, billing):
    from kamdesk.tickets.services.steps import step_add
    from kamdesk.tickets.services.tickets import ticket_set_priority

    ticket = open_request(
        actor=manager,
        customer=customer,
        category="regulator_complaint",
        priority="p3",
        priority_reason="客户同意按普通流程处理",
    )
    frozen.shift(dt.timedelta(hours=1))
    step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    assert step.due_at < ticket.due_at  # one working day, well inside 72 hours
    ticket = ticket_set_priority(
        ticket=ticket, actor=manager, priority="p1", reason="用户再次致电工信部"
    )
    step.refresh_from_db()
    # Urgent: the regulator complaint is due 4 hours after it was opened, and so is the step.
    assert ticket.due_at == ticket.opened_at + dt.timedelta(hours=4)
    assert step.due_at == ticket.due_at
