import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import CUSTOMER_HEADER, group_row, run_import, write_csv


@pytest.mark.django_db
def test_it_reports_what_would_change_without_writing_on_a_dry_run(tmp_path, manager):
    path = write_csv(
        tmp_path / "customers.csv",
        CUSTOMER_HEADER,
        [group_row("G001", 1), group_row("G002", 2, parent="G001")],
    )

    out, _ = run_import("customers", path, "--dry-run")

    assert "customers: 2 created, 0 updated, 0 unchanged" in out
    assert "Dry run: nothing was written." in out
    assert not Customer.objects.exists()
    assert not AuditEvent.objects.exists()
