import pytest
from openpyxl import Workbook

from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import,
    write_csv,
)

NAME = "苏州工业园区鑫源纺织有限公司"


@pytest.mark.django_db
def test_it_reads_a_gb18030_csv(tmp_path, manager):
    path = write_csv(
        tmp_path / "c.csv", CUSTOMER_HEADER, [group_row("G001", 1, name=NAME)], encoding="gb18030"
    )

    run_import("customers", path)

    assert Customer.objects.get(code="G001").name == NAME


@pytest.mark.django_db
def test_it_reads_a_utf8_csv_with_a_byte_order_mark(tmp_path, manager):
    path = write_csv(
        tmp_path / "c.csv", CUSTOMER_HEADER, [group_row("G001", 1, name=NAME)], encoding="utf-8-sig"
    )

    run_import("customers", path)

    assert Customer.objects.get(code="G001").name == NAME


@pytest.mark.django_db
def test_it_reads_the_encoding_it_is_told(tmp_path, manager):
    # UTF-16 bytes also decode as GB18030, into nonsense: only --encoding reads them right.
    path = write_csv(
        tmp_path / "c.csv", CUSTOMER_HEADER, [group_row("G001", 1, name=NAME)], encoding="utf-16"
    )

    run_import("customers", path, "--encoding", "utf-16")

    assert Customer.objects.get(code="G001").name == NAME


@pytest.mark.django_db
def test_it_reads_an_xlsx_workbook_with_numbers_and_dates_as_cells(tmp_path, manager):
    book = Workbook()
    sheet = book.active
    row = group_row("G001", 1, name=NAME)
    sheet.append(CUSTOMER_HEADER)
    sheet.append(
        [
            float(row[c]) if c in ("latitude", "longitude") else row.get(c, "")
            for c in CUSTOMER_HEADER
        ]
    )
    book.save(tmp_path / "c.xlsx")

    out, _ = run_import("customers", tmp_path / "c.xlsx")

    assert "1 created" in out
    customer = Customer.objects.get(code="G001")
    assert customer.name == NAME
    assert str(customer.longitude) == "118.796877"
