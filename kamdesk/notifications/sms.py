"""Sending SMS through the operator's SMS gateway.

``KAM_SMS_BACKEND`` chooses how an SMS in the outbox leaves KAM Desk:

- ``gateway`` (production): an HTTP POST of JSON ``{"id", "to", "text"}`` to
  ``KAM_SMS_GATEWAY_URL`` with ``Authorization: Bearer KAM_SMS_GATEWAY_TOKEN``; the
  message id is the idempotency key, so a retried POST is not sent twice by a gateway
  that honours it. A 2xx answer marks the message sent; anything else leaves it failed
  with the reason, for the administrator.
- ``local`` (demo and test): the message is marked sent, stays readable in the outbox
  (the demo's "SMS outbox" page shows it) and is appended as one JSON line to the file
  outbox ``KAM_SMS_OUTBOX_FILE`` (``var/sms-outbox.jsonl`` in the demo), so a demo can be
  followed end to end without a gateway, from the browser or with ``tail -f``.
- ``hold``: messages stay queued until a gateway is configured.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsResult:
    sent: bool
    error: str = ""


def sms_backend() -> str:
    return str(getattr(settings, "KAM_SMS_BACKEND", "hold"))


def _file_outbox(*, message_id: int, to: str, text: str) -> None:
    path = str(getattr(settings, "KAM_SMS_OUTBOX_FILE", "") or "")
    if not path:
        return
    line = json.dumps(
        {"at": timezone.now().isoformat(), "id": message_id, "to": to, "text": text},
        ensure_ascii=False,
    )
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def sms_deliver(*, message_id: int, to: str, text: str) -> SmsResult:
    """Hand one SMS to the configured backend. Never raises for delivery errors."""
    backend = sms_backend()
    if backend == "local":
        _file_outbox(message_id=message_id, to=to, text=text)
        return SmsResult(sent=True)
    if backend != "gateway":
        return SmsResult(sent=False, error="no SMS gateway configured")
    payload = json.dumps({"id": str(message_id), "to": to, "text": text}).encode()
    request = urllib.request.Request(  # noqa: S310 - the administrator's configured URL
        settings.KAM_SMS_GATEWAY_URL,
        data=payload,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.KAM_SMS_GATEWAY_TOKEN}",
            "Idempotency-Key": f"kamdesk-sms-{message_id}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - configured URL
            if 200 <= answer.status < 300:
                return SmsResult(sent=True)
            return SmsResult(sent=False, error=f"gateway answered {answer.status}")
    except urllib.error.HTTPError as exc:
        return SmsResult(sent=False, error=f"gateway answered {exc.code}")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.warning("SMS %s: gateway unreachable: %s", message_id, exc)
        return SmsResult(sent=False, error=f"gateway unreachable: {exc}"[:300])
