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
def test_it_updates_a_changed_row_and_audits_the_changed_field(tmp_path, manager, other_manager):
    path = tmp_path / "customers.csv"
    write_csv(path, CUSTOMER_HEADER, [group_row("G001", 1), vip_row("V001", 2)])
    run_import("customers", path)
    write_csv(
        path, CUSTOMER_HEADER, [group_row("G001", 1, manager="manager_b"), vip_row("V001", 2)]
    )

    out, _ = run_import("customers", path, "--actor", "manager_a")

    assert "customers: 0 created, 1 updated, 1 unchanged" in out
    customer = Customer.objects.get(code="G001")
    assert customer.manager == other_manager
    event = AuditEvent.objects.get(action="customer.imported_update")
    assert event.target_id == str(customer.pk)
    assert event.customer_id == customer.pk
    assert event.actor == manager
    assert event.extra == {
        "changed": ["manager"],
        "source": "import",
        "file": "customers.csv",
        "line": 2,
    }


@pytest.mark.django_db
def test_it_audits_a_new_identity_number_by_field_name_only(tmp_path, manager):
    path = tmp_path / "customers.csv"
    write_csv(path, CUSTOMER_HEADER, [vip_row("V001", 2)])
    run_import("customers", path)
    write_csv(path, CUSTOMER_HEADER, [vip_row("V001", 7)])

    run_import("customers", path)

    new_number = Customer.objects.get(code="V001").id_number
    event = AuditEvent.objects.get(action="customer.imported_update")
    assert event.extra["changed"] == ["id_number"]
    assert new_number not in str(event.extra)
