import pytest

from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import,
    run_import_refused,
    write_csv,
)
from tests.factories import CustomerFactory


@pytest.mark.django_db
def test_it_imports_children_listed_before_their_parent(tmp_path, manager):
    rows = [
        group_row("G003", 3, parent="G002"),
        group_row("G002", 2, parent="G001"),
        group_row("G001", 1),
    ]
    path = write_csv(tmp_path / "customers.csv", CUSTOMER_HEADER, rows)

    out, _ = run_import("customers", path)

    assert "3 created" in out
    assert Customer.objects.get(code="G003").parent.code == "G002"
    assert Customer.objects.get(code="G002").parent.code == "G001"
    assert Customer.objects.get(code="G001").parent is None


@pytest.mark.django_db
def test_it_refuses_a_loop_in_the_group_hierarchy(tmp_path, manager):
    rows = [
        group_row("G001", 1, parent="G002"),
        group_row("G002", 2, parent="G001"),
        group_row("G003", 3),
    ]
    path = write_csv(tmp_path / "customers.csv", CUSTOMER_HEADER, rows)

    printed = run_import_refused("customers", path)

    assert "line 2, column parent_code: This parent would make a loop" in printed
    assert "line 3, column parent_code: This parent would make a loop" in printed
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_loop_made_with_a_stored_group(tmp_path, manager):
    top = CustomerFactory(code="G001")
    CustomerFactory(code="G002", parent=top)
    path = write_csv(
        tmp_path / "customers.csv", CUSTOMER_HEADER, [group_row("G001", 1, parent="G002")]
    )

    printed = run_import_refused("customers", path)

    assert "line 2, column parent_code: This parent would make a loop" in printed
