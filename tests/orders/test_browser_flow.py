"""In a real browser: a manager turns a need raised during a visit into a commitment,
and an item collected on an on-site service day into an order; the customer signs, the
supervisor approves the discount, the order goes to the simulated BOSS (served by KAM
Desk), and BOSS's callback confirms it."""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest
from django.test import override_settings

from kamdesk.commitments.models import Commitment
from kamdesk.core.crypto import token_hash
from kamdesk.orders.models import ExternalInterface, Order, SimulatedBossOrder
from kamdesk.orders.views.simulators import simulator_token
from tests.commitments.factories import service_day, visit_with_need
from tests.factories import AccountFactory, CustomerFactory, TeamFactory, UserFactory

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


def _sign_in(page, base: str, username: str, start: str) -> None:
    page.goto(f"{base}{start}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "kamdesk-test-pass")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{base}{start}")


def _draw(page) -> None:
    canvas = page.locator("canvas.kd-signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 120)
    page.mouse.down()
    for x, y in ((80, 40), (140, 150), (220, 60), (300, 130)):
        page.mouse.move(box["x"] + x, box["y"] + y, steps=6)
    page.mouse.up()


def test_need_to_commitment_and_onsite_item_to_confirmed_order(live_server, browser):
    supervisor = UserFactory(username="supervisor_a", role="supervisor")
    manager = UserFactory(username="manager_a", team=TeamFactory(supervisor=supervisor))
    customer = CustomerFactory(manager=manager, name="南京星科信息技术有限公司")
    AccountFactory(customer=customer)
    visit, need = visit_with_need(customer=customer, manager=manager)
    day, _items = service_day(
        customer=customer,
        manager=manager,
        items=[("handset", "财务部采购一台华为 Mate 70", "孙会计")],
    )
    base = live_server.url
    ExternalInterface.objects.create(
        kind="boss",
        endpoint_url=f"{base}/orders/boss-simulator/",
        callback_token_hash=token_hash(simulator_token()),
        timeout_seconds=20,
    )
    ExternalInterface.objects.create(
        kind="realname", endpoint_url=f"{base}/orders/realname-simulator"
    )

    with override_settings(KAM_SITE_URL=base):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        _sign_in(page, base, "manager_a", f"/visits/{visit.pk}/")

        # The need raised during the visit becomes a commitment in one click.
        page.locator(".kd-make-commitment").first.click()
        page.wait_for_url(re.compile(rf".*/commitments/from-need/{need.pk}/$"))
        page.locator("#make-commitment").click()
        page.wait_for_url(re.compile(r".*/commitments/\d+/$"))
        assert need.description in page.locator("#commitment-title").inner_text()

        # The item collected on the service day becomes an order.
        page.goto(f"{base}/visits/{day.pk}/")
        page.locator("#create-order").click()
        page.wait_for_url(re.compile(rf".*/orders/from-visit/{day.pk}/$"))
        page.locator("#open-order").click()
        page.wait_for_url(re.compile(r".*/orders/\d+/$"))
        order = Order.objects.get()
        page.select_option("#item_kind", "handset")
        page.fill("#item_handset_model", "华为 Mate 70")
        page.fill("#item_imei", "356938035643809")
        page.fill("#item_unit_price", "5999.00")
        page.locator("#item-form button[type=submit]").click()
        page.wait_for_url(f"{base}/orders/{order.pk}/")
        page.fill("#discount_discount", "600.00")
        page.fill("#discount_reason", "集团年度采购优惠")
        page.locator("#discount-form button[type=submit]").click()
        page.wait_for_url(f"{base}/orders/{order.pk}/")

        # The customer signs the order form on the pad; the draft goes for approval.
        page.fill("#sign_signed_by", "孙会计")
        _draw(page)
        page.locator("#sign-form button[type=submit]").click()
        page.wait_for_url(f"{base}/orders/{order.pk}/")
        page.locator("#signature-state").wait_for()
        page.locator("#request-approval").click()
        page.wait_for_url(f"{base}/orders/{order.pk}/")
        assert page.locator("#order-status").get_attribute("data-status") == "awaiting_approval"

        # The supervisor approves the discount above the limit.
        sup_context = browser.new_context(locale="zh-CN")
        sup = sup_context.new_page()
        _sign_in(sup, base, "supervisor_a", f"/orders/{order.pk}/")
        sup.select_option("#approve_decision", "approve")
        sup.locator("#approve-form button[type=submit]").click()
        sup.wait_for_url(f"{base}/orders/{order.pk}/")
        sup_context.close()

        # The manager submits; the simulated BOSS confirms through the callback.
        page.goto(f"{base}/orders/{order.pk}/")
        page.locator("#submit-order").click()
        page.wait_for_url(f"{base}/orders/{order.pk}/")
        page.goto(f"{base}/orders/{order.pk}/")
        assert page.locator("#order-status").get_attribute("data-status") == "confirmed"
        context.close()

    order.refresh_from_db()
    assert (order.status, order.approved_by, order.discount) == (
        "confirmed",
        supervisor,
        Decimal("600.00"),
    )
    assert order.boss_ref == SimulatedBossOrder.objects.get().boss_ref
    commitment = Commitment.objects.get()
    assert (commitment.source_need_id, commitment.customer) == (need.pk, customer)
    _items[0].refresh_from_db()
    assert (_items[0].status, _items[0].handoff_ref) == ("handed_to_order", order.number)
