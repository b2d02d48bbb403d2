"""Calls to the operator's systems (BOSS, the real-name platform): JSON over HTTP(S),
with a bearer token and, for BOSS, an idempotency key that stays the same on retries."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from kamdesk.orders.models import ExternalInterface


@dataclass(frozen=True)
class Answer:
    ok: bool
    status: int
    data: dict[str, Any]
    error: str = ""


def interface_of(kind: str) -> ExternalInterface | None:
    return ExternalInterface.objects.filter(kind=kind, is_active=True).first()


def post_json(
    system: ExternalInterface,
    payload: dict[str, Any],
    *,
    idempotency_key: str = "",
    path: str = "",
) -> Answer:
    url = system.endpoint_url.rstrip("/") + "/" + path if path else system.endpoint_url
    if not url.startswith(("http://", "https://")):
        return Answer(False, 0, {}, "endpoint is not http(s)")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Authorization": f"Bearer {system.outbound_token}",
    }
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    body = json.dumps(payload, ensure_ascii=False).encode()
    # The endpoint is set by an administrator (never taken from a request); http(s) only.
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=system.timeout_seconds) as response:  # noqa: S310
            status, text = response.status, response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return Answer(False, exc.code, {}, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return Answer(False, 0, {}, str(exc)[:300])
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        data = {}
    return Answer(True, status, data if isinstance(data, dict) else {})
