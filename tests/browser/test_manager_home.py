"""The demo manager signs in to their day: today's visits, an overdue commitment, a
retention visit and a breach warning from the demo data, each opening its record."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

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
# The demo histories the manager's home gathers (usage and the adviser take a minute
# and show nothing on these panels, so the test leaves them out).
LOADERS = ("visits", "commitments", "home")


@pytest.fixture
def page(monkeypatch):
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


def _demo() -> None:
    from kamdesk.customers.demo import DEFAULT_SEED, demo_load
    from kamdesk.home.management.commands.demo import CAPABILITY_DEMOS
    from kamdesk.tickets.demo import tickets_demo_load

    today = timezone.localdate()
    demo_load(seed=DEFAULT_SEED, scale=0.05)
    tickets_demo_load(seed=DEFAULT_SEED, today=today)
    for dotted in CAPABILITY_DEMOS:
        if dotted.split(".")[1] in LOADERS:
            import_string(dotted)(seed=DEFAULT_SEED, today=today)


def _open_first(page, base: str, key: str, text: str | None = None):
    panel = page.locator(f"[data-panel={key}]")
    panel.wait_for()
    items = panel.locator("li a")
    if text is not None:
        items = panel.locator("li", has_text=text).locator("a")
    assert items.count() >= 1, f"panel {key} is empty"
    href = items.first.get_attribute("href")
    items.first.click()
    page.wait_for_url(f"{base}{href}")
    assert page.locator("h1").count() >= 1
    page.go_back()
    page.wait_for_url(f"{base}/")


def test_the_demo_managers_day_shows_each_item_and_opens_it(serial_live_server, page):
    from kamdesk.customers.demo import DEMO_PASSWORD

    _demo()
    base = serial_live_server.url
    page.goto(f"{base}/")
    page.fill("input[name=username]", "manager1")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")

    for key in ("visits", "retention", "commitments", "requests"):
        page.locator(f"[data-panel={key}]").wait_for()
    visits = page.locator("[data-panel=visits]")
    assert visits.locator("li", has_text="今天").count() >= 1 or visits.locator("li a").count() >= 1
    assert page.locator("[data-panel=commitments] li", has_text="已逾期").count() >= 1
    assert page.locator("[data-panel=retention] li a").count() >= 1
    assert page.locator("[data-panel=requests] li", has_text="超时").count() >= 1

    _open_first(page, base, "visits")
    _open_first(page, base, "commitments", text="已逾期")
    _open_first(page, base, "retention")
    _open_first(page, base, "requests")
