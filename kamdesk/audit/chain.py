"""The audit hash chain. Pure: no Django import."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's fields in canonical JSON."""
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()
