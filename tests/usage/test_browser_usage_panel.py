"""In a real browser: the 360 page loads the usage panel, which draws its charts."""

from __future__ import annotations

import datetime as dt
import os
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory, UserFactory
from tests.usage.data import cdr_rows, write_csv

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


def _customer_with_usage(tmp_path):
    manager = UserFactory(username="manager_u", display_name="钱经理")
    customer = CustomerFactory(manager=manager, name="苏州精工集团")
    account = AccountFactory(customer=customer)
    numbers = ["13900000011", "13900000012"]
    for i, number in enumerate(numbers):
        SubscriberFactory(
            customer=customer,
            account=account,
            number=number,
            subscriber_id=f"S-SZ-{i}",
            valid_from=dt.date(2020, 1, 1),
        )
    months = [(2026, m) for m in range(1, 11)]
    rows = cdr_rows(numbers, months=months, per_month=40, seed=11)
    call_command("ingest", "cdr", str(write_csv(tmp_path / "c.csv", rows)), stdout=StringIO())
    return customer


def test_it_draws_the_usage_charts_beside_their_numbers(
    serial_live_server, page, warehouse, tmp_path
):
    customer = _customer_with_usage(tmp_path)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )

    page.goto(f"{serial_live_server.url}/customers/{customer.pk}/")
    page.fill("input[name=username]", "manager_u")
    page.fill("input[name=password]", "kamdesk-test-pass")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{serial_live_server.url}/customers/{customer.pk}/")

    panel = page.locator("#customer-usage")
    panel.locator('[data-chart="spend"] canvas').wait_for(state="visible", timeout=20_000)
    panel.locator('[data-chart="trend"] canvas').wait_for(state="visible", timeout=20_000)
    assert panel.locator('[data-chart="spend"]').get_attribute("data-chart-ready") == "1"
    box = panel.locator('[data-chart="spend"] canvas').bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 80
    october = panel.locator("#usage-spend-table tbody tr").first
    assert october.locator("td").first.inner_text() == "2026-10"
    assert october.locator("td").nth(1).inner_text().startswith("¥")
    assert "2026-01" in panel.locator("#usage-trend-table").inner_text()
    assert not [p for p in problems if "Content Security Policy" in p or "echarts" in p.lower()]
