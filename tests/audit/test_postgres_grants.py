"""On PostgreSQL the serving role cannot UPDATE or DELETE audit rows (only SELECT and
INSERT), whatever it was granted before: the migration's revocation holds."""

import pytest
from django.db import DatabaseError, connection, transaction

from kamdesk.audit.grants import revoke_from_serving_role
from kamdesk.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
]
ROLE = "kamdesk_app_test"


@pytest.fixture
def serving_role(manager):
    audit_record(actor=manager, action="bill.viewed")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
        # A careless grant of everything, as a real deployment might have made.
        cursor.execute(f"GRANT ALL ON audit_auditevent, audit_auditchainhead TO {ROLE}")
    assert revoke_from_serving_role(connection, ROLE)
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def as_role(sql):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        cursor.execute(sql)
        return cursor.rowcount


def test_it_lets_the_serving_role_read_and_append(serving_role):
    assert as_role("SELECT 1 FROM audit_auditevent") == 1
    assert (
        as_role(
            "INSERT INTO audit_auditevent (seq, at, actor_name, role, action, target_type,"
            " target_id, purpose, extra, prev_hash, hash) VALUES"
            " (99, now(), '', '', 'x', '', '', '', '{}', '', '')"
        )
        == 1
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "DELETE FROM audit_auditchainhead",
    ],
)
def test_it_refuses_the_serving_role_changes_to_the_trail(serving_role, sql):
    with pytest.raises(DatabaseError, match="permission denied"):
        as_role(sql)
