"""In a real browser: a manager opens a request from the customer's 360 page and routes it
to billing; the billing agent hands it back; the manager resolves it; the customer's
survey answer arrives through the link the system e-mailed."""

from __future__ import annotations

import os
import re

import pytest

from kamdesk.tickets.models import Category, Survey, Ticket
from tests.factories import ContactFactory, CustomerFactory, DepartmentFactory, UserFactory, grade

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser():
    # Playwright runs an event loop in this thread; the ORM calls of the test then
    # look async to Django.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _sign_in(page, base: str, username: str, start: str) -> None:
    page.goto(f"{base}{start}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "kamdesk-test-pass")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{base}{start}")


def test_request_round_trip_through_the_green_channel(serial_live_server, browser, mailoutbox):
    supervisor = UserFactory(username="supervisor_a", role="supervisor")
    from tests.factories import TeamFactory

    manager = UserFactory(username="manager_a", team=TeamFactory(supervisor=supervisor))
    billing = DepartmentFactory(code="billing", name="计费部")
    UserFactory(username="agent_a", role="backoffice", department=billing)
    customer = CustomerFactory(manager=manager, name="南京星科信息技术有限公司", grade=grade("B"))
    contact = ContactFactory(customer=customer, name="钱主任", email="qian@xingke.example.cn")
    base = serial_live_server.url

    # The manager opens the request from the 360 page.
    manager_context = browser.new_context(locale="zh-CN")
    page = manager_context.new_page()
    _sign_in(page, base, "manager_a", f"/customers/{customer.pk}/")
    page.locator("#new-request").click()  # in the requests panel htmx loaded
    page.wait_for_url(re.compile(r".*/requests/new/\?customer=\d+"))
    page.select_option("#ticket_category", str(Category.objects.get(code="bill_dispute").pk))
    page.select_option("#ticket_channel", "phone")
    page.select_option("#ticket_contact", str(contact.pk))
    page.fill("#ticket_title", "三月账单流量费有误")
    page.locator("#request-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/requests/\d+/$"))
    ticket = Ticket.objects.get()

    # ... and routes it to billing; the step's clock counts down in the browser.
    page.select_option("#step_department", str(billing.pk))
    page.fill("#step_instructions", "请核对三月流量费")
    page.locator("#step-form button[type=submit]").click()
    page.wait_for_url(f"{base}/requests/{ticket.pk}/")
    clock = page.locator('tr[data-step-department="billing"] [data-clock-due]')
    clock.wait_for()
    page.wait_for_function("document.querySelector('[data-clock-due]').dataset.left !== undefined")

    # The billing agent hands the step back from the department's queue.
    agent_context = browser.new_context(locale="zh-CN")
    agent = agent_context.new_page()
    _sign_in(agent, base, "agent_a", "/requests/queue/")
    agent.locator("#queue-rows").get_by_role("link", name=ticket.number).click()
    agent.fill("#back_outcome", "系流量包未生效，已补订并退还多收费用")
    agent.locator("#hand-back-form button[type=submit]").click()
    agent.wait_for_url(f"{base}/requests/queue/")
    agent_context.close()

    # The manager sees the step handed back and resolves the request.
    page.goto(f"{base}/requests/{ticket.pk}/")
    assert "已补订" in page.locator("#steps").inner_text()
    page.select_option("#status_status", "resolved")
    page.fill("#status_resolution", "已补订流量包并退还多收费用")
    page.locator("#status-form button[type=submit]").click()
    page.wait_for_url(f"{base}/requests/{ticket.pk}/")
    manager_context.close()

    # The customer answers the survey through the link the system e-mailed them.
    assert [m.to for m in mailoutbox] == [[contact.email]]
    link = re.search(r"http://\S+/survey/\S+/", mailoutbox[0].body).group(0)
    path = link.split("/survey/", 1)[1]
    customer_context = browser.new_context(locale="zh-CN")
    survey_page = customer_context.new_page()
    survey_page.goto(f"{base}/survey/{path}")
    survey_page.locator("input[name=score][value='5']").check()
    survey_page.locator("#survey-form button[type=submit]").click()
    survey_page.locator("#survey-thanks").wait_for()
    customer_context.close()

    survey = Survey.objects.get(ticket=ticket)
    assert (survey.status, survey.score) == ("answered", 5)
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.steps.get().status == "done"
