"""The manager's pages: open a request from the 360 page, my requests sorted by time to
breach, the request page with its clocks, and the customer's panel."""

import datetime as dt
import re

from kamdesk.tickets.models import Ticket
from kamdesk.tickets.services.steps import step_add
from tests.conftest import client_for
from tests.factories import CustomerFactory, SubscriberFactory, grade
from tests.tickets.conftest import open_request


def test_it_opens_a_request_from_the_form(frozen, manager, customer, contact):
    SubscriberFactory(customer=customer, number="13951234567")
    browser = client_for(manager)
    form = browser.get(f"/requests/new/?customer={customer.pk}")
    assert form.status_code == 200
    answer = browser.post(
        f"/requests/new/?customer={customer.pk}",
        {
            "category": _category("bill_dispute"),
            "channel": "phone",
            "title": "三月账单有误",
            "description": "多收流量费",
            "contact": contact.pk,
            "numbers": "13951234567",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    ticket = Ticket.objects.get()
    assert answer["Location"] == f"/requests/{ticket.pk}/"
    assert [s.number for s in ticket.subscribers.all()] == ["13951234567"]


def _category(code):
    from kamdesk.tickets.models import Category

    return Category.objects.get(code=code).pk


def test_it_refuses_a_number_that_is_not_the_customers(frozen, manager, customer):
    answer = client_for(manager).post(
        f"/requests/new/?customer={customer.pk}",
        {
            "category": _category("fault"),
            "channel": "phone",
            "title": "信号差",
            "numbers": "13900000000",
        },
    )
    assert answer.status_code == 200
    assert not Ticket.objects.exists()


def test_my_requests_come_closest_to_breach_first(frozen, manager, customer):
    slow = open_request(
        actor=manager, customer=customer, category="document_request", title="资料申请"
    )
    fast = open_request(
        actor=manager, customer=customer, category="emergency_reconnection", title="紧急复机"
    )
    html = client_for(manager).get("/requests/").content.decode()
    assert html.index(fast.number) < html.index(slow.number)
    assert 'data-clock-due="' in html


def test_the_request_page_shows_steps_and_masked_numbers(frozen, manager, customer, billing):
    ticket = open_request(
        actor=manager, customer=customer, description="客户手机 13812345678 无法上网"
    )
    step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    page = client_for(manager).get(f"/requests/{ticket.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "138****5678" in html and "13812345678" not in html
    assert 'data-step-department="billing"' in html
    # Clocks count down in the browser from the stored deadline; nothing polls.
    assert re.search(r'data-clock-due="2026-11-2\dT', html)
    assert "hx-trigger" not in html and "every " not in html


def test_another_managers_request_is_not_found(frozen, manager, other_manager):
    theirs = open_request(
        actor=other_manager, customer=CustomerFactory(manager=other_manager, grade=grade("B"))
    )
    browser = client_for(manager)
    assert browser.get(f"/requests/{theirs.pk}/").status_code == 404
    assert browser.post(f"/requests/{theirs.pk}/status/", {"status": "accepted"}).status_code == 404


def test_the_360_panel_lists_the_customers_requests(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    panel = client_for(manager).get(f"/requests/customer/{customer.pk}/", HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert ticket.number in html
    assert f"/requests/new/?customer={customer.pk}" in html


def test_status_changes_and_confirmation_close_the_request(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    browser = client_for(manager)
    assert browser.post(f"/requests/{ticket.pk}/status/", {"status": "resolved"}).status_code == 422
    frozen.shift(dt.timedelta(minutes=10))  # within the session's idle time
    browser.post(
        f"/requests/{ticket.pk}/status/",
        {"status": "resolved", "resolution": "已退还多收的流量费 30 元"},
    )
    browser.post(f"/requests/{ticket.pk}/confirm/", {"note": "钱主任电话确认"})
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.sla_met is True
    assert ticket.confirmation_note == "钱主任电话确认"


def test_the_breach_board_and_reports_render(frozen, manager, supervisor, customer):
    from kamdesk.tickets.services.sweep import sla_sweep

    ticket = open_request(actor=manager, customer=customer)
    sla_sweep(now=ticket.due_at)
    board = client_for(supervisor).get("/requests/breaches/")
    assert board.status_code == 200 and ticket.number in board.content.decode()
    assert client_for(supervisor).get("/requests/reports/").status_code == 200


def test_a_running_clock_shows_the_time_the_browser_counts_down(frozen, manager, customer):
    from django.utils import translation

    from kamdesk.tickets.templatetags.tickets import duration_short

    # Opened Wednesday 10:00: two working days (900 minutes) end on Friday at 10:00. The
    # badge shows the 48 hours until then, as the browser's countdown does from the
    # deadline it is given, not the 15 working hours left.
    ticket = open_request(actor=manager, customer=customer)
    assert ticket.due_at - ticket.opened_at == dt.timedelta(hours=48)
    page = client_for(manager).get(f"/requests/{ticket.pk}/").content.decode()
    clock = re.search(r'id="request-clock">(.*?)</span>', page, re.S).group(1)
    with translation.override("zh-hans"):
        assert duration_short(48 * 3600) in clock
        assert duration_short(15 * 3600) not in clock
    assert 'data-clock-due="2026-11-27T10:00:00+08:00"' in clock
