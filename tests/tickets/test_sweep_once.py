"""The periodic sweep warns once at the threshold and escalates once at the breach, even
when it runs twice, runs late, or two runs overlap."""

import datetime as dt

from kamdesk.notifications.models import Notification
from kamdesk.tickets.models import EventKind, TicketEvent
from kamdesk.tickets.services.steps import step_add
from kamdesk.tickets.services.sweep import sla_sweep
from tests.tickets.conftest import open_request


def _events(ticket, kind):
    return TicketEvent.objects.filter(ticket=ticket, kind=kind).count()


def _told(user, kind):
    return Notification.objects.filter(user=user, kind=kind).count()


def test_it_warns_once_at_the_threshold(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    just_before = ticket.warn_at - dt.timedelta(seconds=1)
    assert sla_sweep(now=just_before).counts.get("warnings") is None
    assert _told(manager, "sla.warning") == 0

    sla_sweep(now=ticket.warn_at)
    sla_sweep(now=ticket.warn_at)  # the scheduler ran twice
    sla_sweep(now=ticket.warn_at + dt.timedelta(minutes=5))
    assert _events(ticket, EventKind.WARNING) == 1
    assert _told(manager, "sla.warning") == 1
    assert _told(manager, "sla.breach") == 0


def test_it_escalates_once_at_the_breach(frozen, manager, supervisor, customer):
    ticket = open_request(actor=manager, customer=customer)
    for _ in range(3):
        sla_sweep(now=ticket.due_at)
    ticket.refresh_from_db()
    assert ticket.breached_at == ticket.due_at
    assert _events(ticket, EventKind.BREACH) == 1
    assert _events(ticket, EventKind.ESCALATION) == 1
    assert _told(supervisor, "sla.escalation") == 1
    assert _told(manager, "sla.breach") == 1


def test_a_late_run_does_both_once_in_order(frozen, manager, supervisor, customer):
    ticket = open_request(actor=manager, customer=customer)
    # The scheduler was down for two days: the first run after it does everything due.
    late = ticket.due_at + dt.timedelta(days=2)
    result = sla_sweep(now=late)
    sla_sweep(now=late + dt.timedelta(minutes=1))
    assert result.counts["warnings"] == 1 and result.counts["breaches"] == 1
    kinds = list(
        TicketEvent.objects.filter(ticket=ticket, kind__in=[EventKind.WARNING, EventKind.BREACH])
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["warning", "breach"]
    assert _told(supervisor, "sla.escalation") == 1


def test_a_second_sweep_finds_nothing_left_to_do(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    first = sla_sweep(now=ticket.due_at)
    second = sla_sweep(now=ticket.due_at)
    assert first.counts["breaches"] == 1
    assert "breaches" not in second.counts and "warnings" not in second.counts


def test_it_warns_the_department_and_escalates_a_late_step(
    frozen, manager, supervisor, customer, billing, backoffice
):
    ticket = open_request(actor=manager, customer=customer)
    step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    sla_sweep(now=step.warn_at)
    sla_sweep(now=step.warn_at)
    assert _told(backoffice, "sla.warning") == 1
    sla_sweep(now=step.due_at)
    sla_sweep(now=step.due_at + dt.timedelta(hours=1))
    step.refresh_from_db()
    assert step.breached_at is not None
    assert TicketEvent.objects.filter(step=step, kind=EventKind.ESCALATION).count() == 1
    assert _told(supervisor, "sla.escalation") == 1


def test_a_paused_request_is_not_swept(frozen, manager, customer):
    from kamdesk.tickets.services.tickets import ticket_set_status

    ticket = open_request(actor=manager, customer=customer)
    due = ticket.due_at
    ticket_set_status(ticket=ticket, actor=manager, status="waiting")
    sla_sweep(now=due + dt.timedelta(days=3))
    assert _events(ticket, EventKind.BREACH) == 0


def test_the_agents_links_open_their_step_page(frozen, manager, customer, billing, backoffice):
    from tests.conftest import client_for

    ticket = open_request(actor=manager, customer=customer)
    step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    sla_sweep(now=step.due_at)
    agent = client_for(backoffice)
    links = set(
        Notification.objects.filter(user=backoffice, kind__startswith="sla.").values_list(
            "url", flat=True
        )
    )
    # The agent is told of the warning and the breach, and each link opens for them.
    assert links == {f"/requests/steps/{step.pk}/"}
    assert _told(backoffice, "sla.breach") == 1
    assert all(agent.get(url).status_code == 200 for url in links)
    owner_links = Notification.objects.filter(user=manager, kind="sla.breach")
    assert list(owner_links.values_list("url", flat=True)) == [f"/requests/{ticket.pk}/"]
