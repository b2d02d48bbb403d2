"""SMS leave through the operator's gateway: a real HTTP server stands in for it."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from kamdesk.notifications.models import OutboundMessage, OutboxStatus
from kamdesk.notifications.services import outbox_send_sms, outbox_sms


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        body["auth"] = self.headers["Authorization"]
        body["key"] = self.headers["Idempotency-Key"]
        type(self).received.append(body)
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    _Gateway.received = []
    _Gateway.status = 200
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.KAM_SMS_BACKEND = "gateway"
    settings.KAM_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.KAM_SMS_GATEWAY_TOKEN = "t0ken"
    yield _Gateway
    server.shutdown()


def test_it_posts_the_sms_to_the_gateway_once(db, gateway):
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k1")
    assert outbox_send_sms(message_id=row.pk) is True
    assert outbox_send_sms(message_id=row.pk) is False  # a second run sends nothing
    assert gateway.received == [
        {
            "id": str(row.pk),
            "to": "13812345678",
            "text": "您好",
            "auth": "Bearer t0ken",
            "key": f"kamdesk-sms-{row.pk}",
        }
    ]
    assert OutboundMessage.objects.get(pk=row.pk).status == OutboxStatus.SENT


def test_it_records_a_gateway_refusal(db, gateway):
    gateway.status = 503
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k2")
    assert outbox_send_sms(message_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED
    assert "503" in row.error


def test_it_holds_messages_while_no_gateway_is_configured(db, settings):
    settings.KAM_SMS_BACKEND = "hold"
    row = outbox_sms(to="13812345678", body="您好", dedup_key="k3")
    assert outbox_send_sms(message_id=row.pk) is False
    assert OutboundMessage.objects.get(pk=row.pk).status == OutboxStatus.QUEUED
