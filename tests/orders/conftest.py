"""Data and local servers for the order tests.

- A customer of the manager with a billing account, two plans, a value-added service
  and a current line on the dearer plan.
- The real-name platform: a local HTTP server answering with the simulator's rules
  (``kamdesk.orders.realname_sim``), reached through the real HTTP client.
- BOSS: a local HTTP server that records every call and its idempotency key and answers
  202 with a BOSS order number; its reports come through KAM Desk's callback endpoint.
  Asked for its number pool (``…/numbers``), it answers with the simulator's pool.

Time is frozen on Wednesday 25 November 2026, 10:00 in Shanghai.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from kamdesk.core.crypto import token_hash
from kamdesk.customers.models import TariffAddon
from kamdesk.orders.boss_sim import pool_offer
from kamdesk.orders.models import ExternalInterface
from kamdesk.orders.realname_sim import realname_answer
from tests.factories import AccountFactory, CustomerFactory, PlanFactory, SubscriberFactory

WEDNESDAY_10 = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
BOSS_CALLBACK_TOKEN = "boss-callback-token-0123456789"  # noqa: S105 - a test value


@pytest.fixture
def frozen():
    with time_machine.travel(WEDNESDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, name="南京星科信息技术有限公司")


@pytest.fixture
def account(customer):
    return AccountFactory(customer=customer, code="A20260001")


@pytest.fixture
def plans(db):
    return {
        "dear": PlanFactory(code="P128", name="全球通128元", monthly_fee=Decimal("128.00")),
        "cheap": PlanFactory(code="P58", name="全球通58元", monthly_fee=Decimal("58.00")),
        "top": PlanFactory(code="P238", name="全球通238元", monthly_fee=Decimal("238.00")),
    }


@pytest.fixture
def addon(db):
    return TariffAddon.objects.create(
        code="VAS-CLOUD", name="云盘会员", monthly_fee=Decimal("10.00")
    )


@pytest.fixture
def line(customer, account, plans):
    return SubscriberFactory(
        customer=customer,
        account=account,
        number="13900001111",
        subscriber_id="S0000009001",
        plan=plans["dear"],
    )


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def log_message(self, *args: object) -> None:
        pass


class RealnameHandler(_Handler):
    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(200, realname_answer(self._body()))


class BossHandler(_Handler):
    calls: list[dict] = []
    pool_asks: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        payload = self._body()
        if self.path.endswith("/numbers"):  # the number pool, not an order
            BossHandler.pool_asks.append(payload)
            self._answer(200, pool_offer(payload))
            return
        BossHandler.calls.append({"key": self.headers.get("Idempotency-Key"), "body": payload})
        self._answer(202, {"boss_ref": f"BOSS-T-{payload['order_number']}"})


def _serve(handler: type) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def realname(db):
    server, url = _serve(RealnameHandler)
    ExternalInterface.objects.create(
        kind="realname", endpoint_url=f"{url}/realname", timeout_seconds=5
    )
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def boss(db):
    BossHandler.calls, BossHandler.pool_asks = [], []
    server, url = _serve(BossHandler)
    ExternalInterface.objects.create(
        kind="boss",
        endpoint_url=f"{url}/orders",
        outbound_token="to-boss",
        callback_token_hash=token_hash(BOSS_CALLBACK_TOKEN),
        timeout_seconds=5,
    )
    yield BossHandler
    server.shutdown()
    server.server_close()


def signature_data_url() -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (120, 20), (290, 70)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are asserted in English (msgids); pages answer in Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield
