"""``audit_record()``: the one way to write the audit trail. Called explicitly by services.

Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, and on
every database by locking the single ``AuditChainHead`` row, so two writers can never
fork the chain. After the transaction commits, the new head is also written outside the
database (``AUDIT_HEAD_FILE``), so events deleted at the tail are noticed.
"""

from __future__ import annotations

import ipaddress
import json
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from kamdesk.audit import context, headfile
from kamdesk.audit.chain import ALGORITHM_SWITCH, GENESIS, chain_fields, event_hash
from kamdesk.audit.models import AuditChainHead, AuditEvent
from kamdesk.audit.verify import audit_verify

__all__ = ["audit_record", "audit_refusal", "audit_refusals_flush", "audit_verify"]

# An arbitrary constant naming the chain's lock among the database's advisory locks.
ADVISORY_LOCK_KEY = 0x4B414D41  # "KAMA"

REFUSED = "access.refused"


def _lock_chain() -> AuditChainHead:
    """Take the chain lock inside the current transaction and return the head row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    head = AuditChainHead.objects.select_for_update().filter(id=1).first()
    return head if head is not None else _rebuild_head()


def _rebuild_head() -> AuditChainHead:
    """The head row is missing (deleted, or a fresh database): rebuild it from the tail."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    switch = (
        AuditEvent.objects.filter(action=ALGORITHM_SWITCH)
        .order_by("-seq")
        .values_list("extra", flat=True)
        .first()
    )
    head = AuditChainHead(
        id=1,
        seq=last[0] if last else 0,
        hash=last[1] if last else GENESIS,
        algorithm=(switch or {}).get("algorithm", "sha256"),
    )
    head.save(force_insert=True)
    return head


def _normal_ip(ip: str | None) -> str | None:
    """The address as the database will give it back (so that its hash verifies)."""
    if not ip:
        return None
    try:
        return str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return None


def _append(head: AuditChainHead, event: AuditEvent) -> AuditEvent:
    event.seq, event.prev_hash = head.seq + 1, head.hash
    row = (
        event.seq,
        event.at,
        event.actor_id,
        event.actor_name,
        event.role,
        event.action,
        event.target_type,
        event.target_id,
        event.customer_id,
        event.purpose,
        event.ip,
        event.extra,
        event.grant_id,
    )
    event.hash = event_hash(head.hash, chain_fields(row), head.algorithm)
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    if event.action == ALGORITHM_SWITCH:
        head.algorithm = event.extra["algorithm"]
    head.save(update_fields=["seq", "hash", "algorithm"])
    transaction.on_commit(partial(headfile.advance, seq=event.seq, hash=event.hash), robust=True)
    return event


def _switch_algorithm_if_asked(head: AuditChainHead) -> None:
    wanted = settings.AUDIT_HASH_ALGORITHM
    if head.algorithm != wanted:
        _append(
            head,
            AuditEvent(
                at=timezone.now(),
                action=ALGORITHM_SWITCH,
                extra={"algorithm": wanted, "previous": head.algorithm},
            ),
        )


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    customer_id: int | None = None,
    purpose: str = "",
    grant_id: int | None = None,
    extra: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (or its own).

    ``ip`` defaults to the current request's client address.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else "",
        role=str(getattr(actor, "role", "")) if is_user else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=str(target.pk) if target is not None else str(target_id),
        customer_id=customer_id,
        purpose=purpose,
        grant_id=grant_id,
        ip=_normal_ip(ip or context.current_ip()),
        # Round-trip through JSON so the hashed form is exactly what the database keeps.
        extra=json.loads(json.dumps(extra or {}, default=str)),
    )
    with transaction.atomic():
        head = _lock_chain()
        _switch_algorithm_if_asked(head)
        return _append(head, event)


def _in_real_transaction() -> bool:
    # The test runner wraps each test in atomic blocks of its own; those never commit
    # nor roll back a request, so they do not count.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def audit_refusal(
    *,
    actor: Any,
    data_kind: str,
    target_type: str = "",
    target_id: str = "",
    customer_id: int | None = None,
    action: str = REFUSED,
    extra: dict[str, Any] | None = None,
) -> None:
    """Record that ``actor`` was refused ``data_kind`` (answered 404 or 403).

    The refusal must survive the request's transaction rolling back. Outside a
    transaction it is written at once; inside one, it is kept aside and written as soon
    as the transaction commits or, if it rolls back, by ``AuditContextMiddleware`` when
    the request ends.
    """
    kwargs = {
        "actor": actor,
        "action": action,
        "target_type": target_type,
        "target_id": str(target_id),
        "customer_id": customer_id,
        "extra": {"data_kind": str(data_kind), **(extra or {})},
    }
    ctx = context.current()
    if ctx is not None:
        ctx.refused = True
    if ctx is None or not _in_real_transaction():
        audit_record(**kwargs)
        return
    ctx.pending.append(kwargs)
    transaction.on_commit(audit_refusals_flush)


def audit_refusals_flush() -> int:
    """Write the refusals kept aside (once: the list is emptied). Returns how many."""
    ctx = context.current()
    if ctx is None or not ctx.pending or _in_real_transaction():
        return 0
    pending, ctx.pending = ctx.pending, []
    for kwargs in pending:
        audit_record(**kwargs)
    return len(pending)
