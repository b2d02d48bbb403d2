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
def test_it_imports_a_good_customers_file(tmp_path, manager):
    path = write_csv(
        tmp_path / "customers.csv",
        CUSTOMER_HEADER,
        [group_row("G001", 1, name="南京恒达科技有限公司"), vip_row("V001", 2)],
    )

    out, _ = run_import("customers", path)

    assert "customers: 2 created, 0 updated, 0 unchanged" in out
    group = Customer.objects.get(code="G001")
    assert group.name == "南京恒达科技有限公司"
    assert group.name_initials == "njhdkjyxgs"
    assert group.manager == manager
    assert group.grade.code == "A"
    assert str(group.latitude) == "32.060255"
    vip = Customer.objects.get(code="V001")
    assert vip.kind == "individual"
    assert vip.id_number_masked.startswith("1101") and "*" in vip.id_number_masked


@pytest.mark.django_db
def test_it_audits_the_created_customers_in_one_summary_event(tmp_path, manager):
    path = write_csv(
        tmp_path / "customers.csv", CUSTOMER_HEADER, [group_row("G001", 1), vip_row("V001", 2)]
    )

    run_import("customers", path, "--actor", "manager_a")

    event = AuditEvent.objects.get(action="customer.imported_create")
    assert event.actor == manager
    assert event.extra == {
        "created": 2,
        "keys": ["G001", "V001"],
        "source": "import",
        "file": "customers.csv",
    }
    assert not AuditEvent.objects.filter(action="customer.imported_update").exists()
