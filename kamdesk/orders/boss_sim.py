"""The number pool of the simulated BOSS (demo and test only). Pure: no Django import, so
a local test server can answer with it too.

The pool is a fixed list of 300 mobile numbers starting 13915; a number ending in 4444
is never offered (the simulated BOSS rejects such a number as no longer in the pool).
"""

from __future__ import annotations

from typing import Any

POOL_SIZE = 300
MAX_OFFER = 50


def simulated_pool() -> list[str]:
    numbers = (f"13915{(k * 7919) % 1_000_000:06d}" for k in range(1, POOL_SIZE + 1))
    return sorted(n for n in numbers if not n.endswith("4444"))


def pool_offer(payload: dict[str, Any]) -> dict[str, Any]:
    """The numbers containing ``pattern`` (digits), at most ``limit`` of them."""
    pattern = "".join(c for c in str(payload.get("pattern") or "") if c.isdigit())
    try:
        limit = min(max(int(payload.get("limit") or 20), 1), MAX_OFFER)
    except (TypeError, ValueError):
        limit = 20
    return {"numbers": [n for n in simulated_pool() if pattern in n][:limit]}
