"""A department with its own work-order system receives steps over HTTP: a failed call
is retried with the same idempotency key, and the system's callback closes the step."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kamdesk.core.crypto import token_hash
from kamdesk.tickets.models import BackofficeSystem, Delivery, EventKind, StepStatus
from kamdesk.tickets.services.outbound import deliveries_due, step_deliver
from kamdesk.tickets.services.steps import step_add
from kamdesk.tickets.services.sweep import sla_sweep
from tests.tickets.conftest import open_request

CALLBACK_TOKEN = "eoms-callback-token-0123456789"


class FakeEoms(BaseHTTPRequestHandler):
    """Answers 503 to the first call, then 201 with a work-order number."""

    calls: list[dict] = []
    fail_first = 1

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeEoms.calls.append(
            {
                "key": self.headers["Idempotency-Key"],
                "auth": self.headers["Authorization"],
                "body": json.loads(body),
            }
        )
        if len(FakeEoms.calls) <= FakeEoms.fail_first:
            self.send_response(503)
            self.end_headers()
            return
        answer = json.dumps({"external_ref": "EOMS-2026-0001"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def eoms_url():
    FakeEoms.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEoms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/workorders"
    server.shutdown()
    server.server_close()


@pytest.fixture
def eoms(network, eoms_url):
    return BackofficeSystem.objects.create(
        department=network,
        name="EOMS",
        endpoint_url=eoms_url,
        outbound_token="to-eoms-secret",
        callback_token_hash=token_hash(CALLBACK_TOKEN),
    )


def test_it_retries_with_the_same_idempotency_key(frozen, manager, customer, network, eoms):
    ticket = open_request(actor=manager, customer=customer, category="fault")
    step = step_add(
        ticket=ticket,
        actor=manager,
        department=network,
        instructions="基站信号差，请派单排查 13812345678",
    )
    assert step.delivery == Delivery.PENDING

    assert step_deliver(step_id=step.pk) is False  # 503
    step.refresh_from_db()
    assert step.delivery == Delivery.PENDING and step.delivery_attempts == 1
    assert deliveries_due(now=frozen_now()) == 0  # not yet: the retry waits 30 seconds

    frozen.move_to(step.delivery_next_at)
    sla_sweep()  # the periodic sweep hands the retry to a task (run at once in tests)
    step.refresh_from_db()
    assert step.delivery == Delivery.DELIVERED and step.external_ref == "EOMS-2026-0001"
    keys = {call["key"] for call in FakeEoms.calls}
    assert len(FakeEoms.calls) == 2 and keys == {str(step.idempotency_key)}
    assert FakeEoms.calls[0]["auth"] == "Bearer to-eoms-secret"
    sent = FakeEoms.calls[1]["body"]
    assert sent["request_number"] == ticket.number
    assert "13812345678" not in json.dumps(sent, ensure_ascii=False)
    assert sent["callback_url"].endswith(f"/api/v1/requests/steps/{step.pk}/callback")
    assert step.events.filter(kind=EventKind.STEP_DELIVERED).count() == 1


def frozen_now():
    from django.utils import timezone

    return timezone.now()


def test_the_callback_closes_the_step(frozen, client, manager, customer, network, eoms):
    ticket = open_request(actor=manager, customer=customer, category="fault")
    step = step_add(ticket=ticket, actor=manager, department=network, instructions="派单排查")
    url = f"/api/v1/requests/steps/{step.pk}/callback"
    done = {"status": "done", "outcome": "更换天线后信号恢复", "external_ref": "EOMS-9"}

    refused = client.post(
        url,
        done,
        content_type="application/json",
        headers={"X-KAM-System-Token": "not-the-token"},
    )
    assert refused.status_code == 401
    answer = client.post(
        url,
        done,
        content_type="application/json",
        headers={"X-KAM-System-Token": CALLBACK_TOKEN},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "done"
    again = client.post(
        url,
        done,
        content_type="application/json",
        headers={"X-KAM-System-Token": CALLBACK_TOKEN},
    )
    assert again.status_code == 200  # repeating a report is harmless
    step.refresh_from_db()
    assert step.status == StepStatus.DONE and step.outcome == "更换天线后信号恢复"
    assert step.external_ref == "EOMS-9"
    assert step.events.filter(kind=EventKind.STEP_HANDED_BACK).count() == 1


def test_a_system_cannot_report_on_another_departments_step(
    frozen, client, manager, customer, billing, eoms
):
    ticket = open_request(actor=manager, customer=customer)
    step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对账单")
    answer = client.post(
        f"/api/v1/requests/steps/{step.pk}/callback",
        {"status": "done"},
        content_type="application/json",
        headers={"X-KAM-System-Token": CALLBACK_TOKEN},
    )
    assert answer.status_code == 404


def test_it_gives_up_after_the_last_attempt(frozen, manager, customer, network, eoms):
    FakeEoms.fail_first = 99
    eoms.max_attempts = 2
    eoms.save()
    try:
        ticket = open_request(actor=manager, customer=customer, category="fault")
        step = step_add(ticket=ticket, actor=manager, department=network, instructions="派单")
        step_deliver(step_id=step.pk)
        step.refresh_from_db()
        step_deliver(step_id=step.pk, now=step.delivery_next_at + dt.timedelta(seconds=1))
        step.refresh_from_db()
        assert step.delivery == Delivery.FAILED and step.delivery_next_at is None
        assert manager.notifications.filter(kind="step.delivery_failed").count() == 1
    finally:
        FakeEoms.fail_first = 1
