import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.customers.imports.cells import (
    CellError,
    boolean,
    id_list,
    integer,
    money,
    parse_date,
)
from kamdesk.customers.imports.contracts import contract_end

pytestmark = pytest.mark.nodb


@pytest.mark.parametrize("text", ["2024-03-01", "2024/3/1", "20240301", "2024-03-01 00:00:00"])
def test_it_reads_the_date_forms_exports_use(text):
    assert parse_date(text) == dt.date(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-02-30", "01/03/2024", "2024-03-01 10:00", "yesterday"])
def test_it_refuses_what_is_not_a_date(text):
    with pytest.raises(CellError):
        parse_date(text)


def test_it_reads_money_as_decimal_yuan_and_refuses_what_does_not_fit():
    parse = money(max_digits=8)
    assert parse("1,234.5") == Decimal("1234.50")
    assert parse("") is None
    for bad in ("-1", "1000000", "12元"):
        with pytest.raises(CellError):
            parse(bad)


def test_it_reads_whole_numbers_written_by_spreadsheets():
    assert integer()("30720") == 30720
    assert integer()("30720.0") == 30720
    assert integer(default=None)("") is None


def test_it_reads_yes_and_no_in_english_and_chinese():
    parse = boolean(default=True)
    assert parse("") is True
    assert parse("否") is False and parse("Yes") is True


def test_it_splits_member_lists_with_short_numbers():
    assert id_list("S1:6601; S2 ；S3:") == [("S1", "6601"), ("S2", ""), ("S3", "")]


def test_it_ends_a_contract_the_day_before_its_anniversary():
    assert contract_end(dt.date(2025, 1, 1), 12) == dt.date(2025, 12, 31)
    assert contract_end(dt.date(2024, 3, 15), 24) == dt.date(2026, 3, 14)
