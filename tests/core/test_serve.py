"""``kam serve`` (what ``make demo`` runs): gunicorn, a task worker and the scheduler."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kamdesk.core.management.commands import serve

pytestmark = pytest.mark.nodb
KAM = Path(sys.executable).parent / "kam"


class FakeProcess:
    """A child that has already ended (``ended``) or runs until terminated."""

    def __init__(self, command: list[str], ended: bool) -> None:
        self.command = command
        self.returncode: int | None = 0 if ended else None
        self.terminated = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.terminated = True
        self.returncode = -signal.SIGTERM

    def wait(self, timeout: float | None = None) -> int | None:
        return self.returncode


@pytest.fixture
def started(monkeypatch):
    """The processes ``kam serve`` starts; the web server ends at once, the others run."""
    processes: list[FakeProcess] = []

    def popen(command, *args, **kwargs):
        processes.append(FakeProcess(command, ended="gunicorn" in command))
        return processes[-1]

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    return processes


def test_it_starts_the_web_server_the_worker_and_the_scheduler(started):
    call_command("serve", "--bind", "127.0.0.1:8111", "--workers", "2", stdout=StringIO())

    web, worker, scheduler = (p.command for p in started)
    assert web[1:4] == ["-m", "gunicorn", "config.wsgi:application"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:8111"
    assert web[web.index("--workers") + 1] == "2"
    assert web[web.index("--timeout") + 1] == "120"
    assert worker[-1] == "db_worker" and scheduler[-1] == "crontask"


def test_it_stops_the_others_when_one_of_them_ends(started):
    call_command("serve", stdout=StringIO())

    assert [p.terminated for p in started] == [False, True, True]


def test_it_starts_the_web_server_alone_when_asked(started):
    call_command("serve", "--no-worker", "--no-scheduler", stdout=StringIO())

    assert len(started) == 1 and "gunicorn" in started[0].command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=150) as answer:  # noqa: S310 - loopback
            return answer.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_it_serves_the_application_until_told_to_stop(tmp_path):
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "KAM_ENV": "demo",
        "KAM_VAR_DIR": str(tmp_path),
    }
    command = [str(KAM), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [*command, "--no-worker", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, deadline = None, time.monotonic() + 180
        while status is None and time.monotonic() < deadline and server.poll() is None:
            status = _get(f"http://127.0.0.1:{port}/healthz")
            if status is None:
                time.sleep(1)
        assert status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    assert _get(f"http://127.0.0.1:{port}/healthz") is None
