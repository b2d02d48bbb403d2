import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import_refused,
    write_csv,
)


@pytest.mark.django_db
def test_it_writes_nothing_when_one_row_has_a_bad_uscc(tmp_path, manager):
    rows = [
        group_row("G001", 1),
        group_row("G002", 2, uscc="91110108000000002X"),
        group_row("G003", 3),
    ]
    path = write_csv(tmp_path / "customers.csv", CUSTOMER_HEADER, rows)

    printed = run_import_refused("customers", path)

    assert "line 3, column uscc: Not a valid unified social credit code" in printed
    assert "line 2" not in printed and "line 4" not in printed
    assert not Customer.objects.exists()
    assert not AuditEvent.objects.exists()
