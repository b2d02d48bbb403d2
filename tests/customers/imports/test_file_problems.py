import pytest
from django.core.management import CommandError

from tests.customers.imports.helpers import (
    CUSTOMER_HEADER,
    group_row,
    run_import,
    run_import_refused,
    write_csv,
)


@pytest.mark.django_db
def test_it_refuses_a_file_without_the_key_column(tmp_path):
    path = write_csv(tmp_path / "c.csv", ["name", "kind"], [{"name": "x", "kind": "group"}])

    assert "line 1, column customer_code: This column is missing." in run_import_refused(
        "customers", path
    )


@pytest.mark.django_db
def test_it_refuses_an_old_excel_file(tmp_path):
    path = tmp_path / "c.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)

    assert "Old Excel (.xls) files are not supported" in run_import_refused("customers", path)


@pytest.mark.django_db
def test_it_warns_about_unknown_columns_and_ignores_them(tmp_path, manager):
    path = write_csv(tmp_path / "c.csv", [*CUSTOMER_HEADER, "备注"], [group_row("G001", 1)])

    out, err = run_import("customers", path)

    assert "1 created" in out
    assert "warning: line 1, column 备注: Unknown column, ignored." in err


@pytest.mark.django_db
def test_it_counts_lines_as_the_file_does_with_blank_and_multiline_rows(tmp_path, manager):
    path = tmp_path / "c.csv"
    good = ",".join(group_row("G001", 1).get(c, "") for c in CUSTOMER_HEADER)
    bad = ",".join(group_row("G002", 2, uscc="bad").get(c, "") for c in CUSTOMER_HEADER)
    path.write_text(
        ",".join(CUSTOMER_HEADER)
        + "\n\n"
        + good.replace("中山路1号", '"中山路\n1号"')
        + "\n"
        + bad
        + "\n",
        encoding="utf-8",
    )

    assert "line 5, column uscc:" in run_import_refused("customers", path)


@pytest.mark.django_db
def test_it_refuses_an_unknown_actor(tmp_path, manager):
    path = write_csv(tmp_path / "c.csv", CUSTOMER_HEADER, [group_row("G001", 1)])

    with pytest.raises(CommandError, match="No active user named ghost"):
        run_import("customers", path, "--actor", "ghost")
