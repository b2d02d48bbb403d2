"""A live server that answers one request at a time, for browser tests of pages that load
several htmx panels at once (the 360 page, the manager's home).

The test database (in-memory SQLite) is one connection shared with the server thread; a
threaded live server would use it from several threads at once and fail at random under
load. Pages that call back into KAM Desk over HTTP while answering (the simulated BOSS)
need the threaded server instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler


class SerialServerThread(LiveServerThread):
    def _create_server(self, connections_override=None):  # type: ignore[no-untyped-def]
        return WSGIServer(
            (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
        )


@pytest.fixture
def serial_live_server() -> Iterator[SimpleNamespace]:
    overrides = {
        c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()
    }
    for conn in overrides.values():
        conn.inc_thread_sharing()
    thread = SerialServerThread(
        "localhost", StaticFilesHandler, connections_override=overrides, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield SimpleNamespace(url=f"http://localhost:{thread.port}")
    thread.terminate()
    for conn in overrides.values():
        conn.dec_thread_sharing()
