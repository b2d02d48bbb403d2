"""``audit_record()``: the one way to write the audit trail. Called explicitly by services."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kamdesk.audit.chain import event_hash
from kamdesk.audit.models import AuditChainHead, AuditEvent


def _chain_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq, "at": event.at.isoformat(), "actor": event.actor_id,
        "actor_name": event.actor_name, "role": event.role, "action": event.action,
        "target_type": event.target_type, "target_id": event.target_id,
        "customer_id": event.customer_id, "purpose": event.purpose, "ip": event.ip,
        "extra": event.extra,
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    customer_id: int | None = None,
    purpose: str = "",
    extra: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. Runs in the caller's transaction (or its own)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor if is_user else None,
            actor_name=actor.get_username() if is_user else "",
            role=str(getattr(actor, "role", "")) if is_user else "",
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            customer_id=customer_id,
            purpose=purpose,
            ip=ip,
            extra=extra or {},
            prev_hash=head.hash,
        )
        event.hash = event_hash(head.hash, _chain_fields(event))
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def audit_verify() -> tuple[bool, int | None, str]:
    """Walk the chain; return (ok, first bad seq, reason)."""
    prev = "0" * 64
    expected_seq = None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if expected_seq is not None and event.seq != expected_seq:
            return False, expected_seq, "missing or reordered event"
        if event.prev_hash != prev or event_hash(prev, _chain_fields(event)) != event.hash:
            return False, event.seq, "event altered"
        prev, expected_seq = event.hash, event.seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.hash != prev:
        return False, (expected_seq or 1), "events missing at the tail"
    return True, None, "ok"
