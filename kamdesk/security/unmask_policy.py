"""Which authorisations unlock which kind of data, and a grant's life. Pure: no Django.

The setting ``UNMASK_METHODS`` reads ``identity:sms+vault,call_record:vault``: for each
kind of data, the methods a grant may be obtained by (``sms``: the customer's one-time
code; ``vault``: a second person's approval). A kind that is not named cannot be
unmasked at all.
"""

from __future__ import annotations

import datetime as dt

KINDS = ("identity", "call_record")
METHODS = ("sms", "vault")


def parse_methods(text: str) -> dict[str, tuple[str, ...]]:
    """``"identity:sms+vault,call_record:vault"`` → ``{"identity": ("sms", "vault"), …}``.

    Raises ``ValueError`` naming the bad part, so a wrong setting stops the start-up
    check rather than a manager's request.
    """
    out: dict[str, tuple[str, ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, _, methods = part.partition(":")
        chosen = tuple(m.strip() for m in methods.split("+") if m.strip())
        if kind.strip() not in KINDS or not chosen or set(chosen) - set(METHODS):
            raise ValueError(f"UNMASK_METHODS: cannot read {part!r}")
        out[kind.strip()] = chosen
    return out


def grant_active(
    *,
    state: str,
    expires_at: dt.datetime | None,
    revoked_at: dt.datetime | None,
    now: dt.datetime,
) -> bool:
    """A grant unmasks while granted, not revoked and not yet expired."""
    return state == "granted" and revoked_at is None and expires_at is not None and now < expires_at


def request_open(*, state: str, request_expires_at: dt.datetime, now: dt.datetime) -> bool:
    """A request can still be confirmed (code) or approved until it lapses."""
    return state == "pending" and now < request_expires_at


def display_state(
    *,
    state: str,
    expires_at: dt.datetime | None,
    revoked_at: dt.datetime | None,
    request_expires_at: dt.datetime,
    now: dt.datetime,
) -> str:
    """One word for the lists: pending, active, expired, lapsed, revoked, rejected, cancelled."""
    if revoked_at is not None:
        return "revoked"
    if state == "granted":
        return "active" if expires_at is not None and now < expires_at else "expired"
    if state == "pending":
        return "pending" if now < request_expires_at else "lapsed"
    return state
