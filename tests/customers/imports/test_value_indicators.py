"""Value indicators (monthly revenue, ARPU, months on network) come from BOSS by import."""

from decimal import Decimal

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import,
    run_import_refused,
    vip_row,
    write_csv,
)

pytestmark = pytest.mark.django_db

HEADER = [*CUSTOMER_HEADER, "monthly_revenue", "arpu", "months_on_network"]


def _valued(row: dict[str, str], revenue: str, arpu: str, months: str) -> dict[str, str]:
    return {**row, "monthly_revenue": revenue, "arpu": arpu, "months_on_network": months}


def test_it_imports_the_value_indicators_as_decimal_yuan(tmp_path, manager):
    path = write_csv(
        tmp_path / "customers.csv",
        HEADER,
        [
            _valued(group_row("G001", 1), "¥128,450.50", "86.2", "137"),
            _valued(vip_row("V001", 2), "1288", "429.33", "48"),
        ],
    )
    run_import("customers", path)

    group = Customer.objects.get(code="G001")
    assert (group.monthly_revenue, group.arpu, group.months_on_network) == (
        Decimal("128450.50"),
        Decimal("86.20"),
        137,
    )
    vip = Customer.objects.get(code="V001")
    assert (vip.monthly_revenue, vip.arpu, vip.months_on_network) == (
        Decimal("1288.00"),
        Decimal("429.33"),
        48,
    )


def test_it_changes_nothing_on_a_second_import_and_audits_a_changed_figure(tmp_path, manager):
    path = tmp_path / "customers.csv"
    write_csv(path, HEADER, [_valued(group_row("G001", 1), "50000", "80", "24")])
    run_import("customers", path)
    out, _ = run_import("customers", path)
    assert "customers: 0 created, 0 updated, 1 unchanged" in out

    write_csv(path, HEADER, [_valued(group_row("G001", 1), "52000.00", "80.00", "25")])
    out, _ = run_import("customers", path)

    assert "customers: 0 created, 1 updated, 0 unchanged" in out
    customer = Customer.objects.get(code="G001")
    assert (customer.monthly_revenue, customer.months_on_network) == (Decimal("52000.00"), 25)
    event = AuditEvent.objects.get(action="customer.imported_update")
    assert event.extra["changed"] == ["monthly_revenue", "months_on_network"]


def test_it_keeps_the_stored_figures_when_the_file_has_no_such_columns(tmp_path, manager):
    path = tmp_path / "customers.csv"
    write_csv(path, HEADER, [_valued(group_row("G001", 1), "50000", "80", "24")])
    run_import("customers", path)
    write_csv(path, CUSTOMER_HEADER, [group_row("G001", 1, name="南京恒达科技新名有限公司")])

    run_import("customers", path)

    customer = Customer.objects.get(code="G001")
    assert customer.name == "南京恒达科技新名有限公司"
    assert (customer.monthly_revenue, customer.arpu, customer.months_on_network) == (
        Decimal("50000.00"),
        Decimal("80.00"),
        24,
    )


def test_it_reports_bad_figures_by_line_and_column_and_writes_nothing(tmp_path, manager):
    path = write_csv(
        tmp_path / "customers.csv",
        HEADER,
        [
            _valued(group_row("G001", 1), "50000", "80", "24"),
            _valued(group_row("G002", 2), "-5", "80", "24"),
            _valued(group_row("G003", 3), "50000", "eighty", "2.5"),
        ],
    )

    report = run_import_refused("customers", path)

    assert "line 3, column monthly_revenue: Cannot be negative." in report
    assert "line 4, column arpu: Not an amount of money." in report
    assert "line 4, column months_on_network: Enter a whole number." in report
    assert not Customer.objects.exists()
