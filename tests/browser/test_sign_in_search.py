"""A manager signs in, finds a customer by pinyin initials and opens its 360 page."""

from __future__ import annotations

import os

import pytest

from tests.factories import CustomerFactory, UserFactory

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
def page(monkeypatch):
    # Playwright runs an event loop in this thread; the ORM calls of the test then
    # look async to Django.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


def test_it_signs_in_searches_by_initials_and_opens_the_360_page(serial_live_server, page):
    live_server = serial_live_server
    manager = UserFactory(username="manager_a", display_name="张经理")
    CustomerFactory(manager=manager, name="中国移动测试集团")
    CustomerFactory(manager=manager, name="江苏银行股份有限公司")

    page.goto(f"{live_server.url}/customers/")
    page.fill("input[name=username]", "manager_a")
    page.fill("input[name=password]", "kamdesk-test-pass")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/customers/")
    assert page.locator("#customer-results").get_by_text("江苏银行股份有限公司").is_visible()

    page.fill("#q", "zgyd")  # live search through htmx, no page load
    page.locator("#customer-results").get_by_text("江苏银行股份有限公司").wait_for(state="detached")
    result = page.locator("#customer-results").get_by_role("link", name="中国移动测试集团")
    result.click()

    page.wait_for_url(f"{live_server.url}/customers/*/")
    assert page.locator("h1").inner_text() == "中国移动测试集团"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
