"""PostgreSQL grants that make the audit trail append-only for the serving role.

Production runs two roles: an owner that migrates (and runs retention) and a serving
role for the web, the workers and the scheduler. The owner's grants to the serving role
are in ``docs/security.md``; these statements take back what must never be allowed,
whatever was granted before. They are run by migration ``audit 0004`` and by
``kam audit grants --apply``.
"""

from __future__ import annotations

from typing import Any

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_auditchainhead"


def revoke_statements(role: str, quote: Any) -> list[str]:
    """SQL that leaves ``role`` SELECT and INSERT on the trail, and no more."""
    who = quote(role)
    return [
        f"REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {EVENT_TABLE} FROM {who}",
        # The head row is updated on every append, but must never be deleted or emptied.
        f"REVOKE DELETE, TRUNCATE ON TABLE {HEAD_TABLE} FROM {who}",
    ]


def role_exists(cursor: Any, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def revoke_from_serving_role(connection: Any, role: str) -> bool:
    """Apply the revocations if ``connection`` is PostgreSQL and ``role`` exists."""
    if connection.vendor != "postgresql" or not role:
        return False
    with connection.cursor() as cursor:
        if not role_exists(cursor, role):
            return False
        for statement in revoke_statements(role, connection.ops.quote_name):
            cursor.execute(statement)
    return True
