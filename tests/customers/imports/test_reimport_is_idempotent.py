import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import,
    vip_row,
    write_csv,
)


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_file_is_imported_again(tmp_path, manager):
    rows = [group_row("G001", 1), group_row("G002", 2, parent="G001"), vip_row("V001", 3)]
    path = write_csv(tmp_path / "customers.csv", CUSTOMER_HEADER, rows)
    run_import("customers", path)
    events = AuditEvent.objects.count()
    stamps = dict(Customer.objects.values_list("code", "updated_at"))

    out, _ = run_import("customers", path)

    assert "customers: 0 created, 0 updated, 3 unchanged" in out
    assert AuditEvent.objects.count() == events
    assert dict(Customer.objects.values_list("code", "updated_at")) == stamps
