"""A stand-in for the operator's SMS gateway: a real HTTP server on loopback that records
what it receives and answers with the statuses a test queues (200 once they run out)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer


class Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    answers: list[int] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        body["auth"] = self.headers["Authorization"]
        body["key"] = self.headers["Idempotency-Key"]
        type(self).received.append(body)
        self.send_response(type(self).answers.pop(0) if type(self).answers else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def sms_gateway(settings) -> Iterator[type[Gateway]]:
    """Point ``KAM_SMS_BACKEND=gateway`` at a fresh server for the duration."""
    Gateway.received, Gateway.answers = [], []
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.KAM_SMS_BACKEND = "gateway"
    settings.KAM_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.KAM_SMS_GATEWAY_TOKEN = "t0ken"
    try:
        yield Gateway
    finally:
        server.shutdown()
        server.server_close()
