import pytest

from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import_refused,
    vip_row,
    write_csv,
)


@pytest.mark.django_db
def test_it_reports_every_bad_row_with_its_line_and_column(tmp_path, manager):
    rows = [
        group_row("G001", 1),
        group_row("G002", 2, uscc="123"),  # line 3: bad USCC
        vip_row("V001", 3, id_number="110105198005170000"),  # line 4: bad check digit
        group_row("G003", 4, manager="nobody"),  # line 5: unknown manager
        group_row("G001", 5),  # line 6: repeats line 2
        {**group_row("G004", 6), "grade": "Z", "latitude": "95"},  # line 7: two cells
    ]
    path = write_csv(tmp_path / "customers.csv", CUSTOMER_HEADER, rows)

    lines = run_import_refused("customers", path).splitlines()

    assert lines[0].startswith("line 3, column uscc:")
    assert lines[1].startswith("line 4, column id_number:")
    assert lines[2].startswith("line 5, column manager:")
    assert lines[3] == "line 6, column customer_code: Repeats line 2."
    assert any(line.startswith("line 7, column grade:") for line in lines)
    assert any(line.startswith("line 7, column latitude:") for line in lines)
    assert not Customer.objects.exists()
