"""In a real browser: the manager checks in with the location the browser grants, the
customer draws a signature on the canvas with the mouse, and the visit is completed;
the signature is stored and shown, and the check-in carries the distance."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal

import pytest

from kamdesk.visits.models import Visit, VisitSignature
from tests.factories import CustomerFactory, TeamFactory, UserFactory, grade

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
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _draw(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    x0, y0 = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(1, 30):
        page.mouse.move(x0 + i * 10, y0 + (15 if i % 2 else -15), steps=2)
    page.mouse.up()


def test_check_in_with_location_then_sign_on_the_canvas_and_complete(live_server, browser):
    manager = UserFactory(
        username="manager_a",
        team=TeamFactory(supervisor=UserFactory(username="sup", role="supervisor")),
    )
    customer = CustomerFactory(
        manager=manager,
        grade=grade("A"),
        name="南京钢铁集团有限公司",
        latitude=Decimal("32.066000"),
        longitude=Decimal("118.783000"),
    )
    visit = Visit.objects.create(
        customer=customer,
        manager=manager,
        planned_date=dt.date.today(),
        purpose="故障回访",
        resolves_problem=True,
    )
    base = live_server.url
    # The browser grants the location: about 111 m north of the customer.
    context = browser.new_context(
        locale="zh-CN",
        geolocation={"latitude": 32.067, "longitude": 118.783},
        permissions=["geolocation"],
    )
    # The live server's first request loads the URLconf and templates: on two shared
    # cores under other suites' load it has taken over 30 s (Playwright's default).
    context.set_default_timeout(120_000)
    page = context.new_page()
    start = f"/visits/{visit.pk}/"
    page.goto(f"{base}{start}")
    page.fill("input[name=username]", "manager_a")
    page.fill("input[name=password]", "kamdesk-test-pass")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{base}{start}")

    page.check("#checkin_consent")
    page.locator("#checkin-button").click()
    page.wait_for_selector("#distance-text")
    visit.refresh_from_db()
    assert visit.checked_in_at is not None
    assert 100 <= visit.checkin_distance_m <= 120
    assert f"{visit.checkin_distance_m}" in page.locator("#checkin-distance").inner_text()

    page.fill("#record_discussion", "更换会议室信号放大器，信号恢复正常。")
    page.locator("#record-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*#record$"))

    # Submitting an empty pad is stopped in the browser.
    page.fill("#sign_signer_name", "王敏")
    page.fill("#sign_signer_title", "信息中心主任")
    page.locator("#sign-submit").click()
    assert page.locator(".kd-signature-empty.d-block").is_visible()
    assert not VisitSignature.objects.exists()

    _draw(page, ".kd-signature-canvas")
    page.locator("#sign-submit").click()
    page.wait_for_selector("#signature-image")
    signature = VisitSignature.objects.get(visit=visit)
    assert signature.signer_name == "王敏" and bytes(signature.image_png).startswith(b"\x89PNG")
    assert page.locator("#signature-state").get_attribute("data-matches") == "yes"
    natural = page.locator("#signature-image").evaluate("img => img.naturalWidth")
    assert natural > 0

    page.locator("#complete-visit").click()
    page.wait_for_selector(".kd-visit-completed")
    visit.refresh_from_db()
    assert visit.status == "completed"
    context.close()
