import pytest

from kamdesk.customers.models import Subscriber
from tests.customers.imports.helpers import (
    SUBSCRIBER_HEADER,
    run_import,
    run_import_refused,
    subscriber_row,
    write_csv,
)
from tests.factories import AccountFactory, CustomerFactory, PlanFactory


@pytest.fixture
def accounts(db):
    return (
        AccountFactory(code="A001", customer__code="G001"),
        AccountFactory(code="A002", customer=CustomerFactory(code="G002")),
    )


def test_it_links_a_subscriber_to_its_customer_account_and_plan(tmp_path, accounts):
    plan = PlanFactory(code="P128")
    path = write_csv(
        tmp_path / "s.csv",
        SUBSCRIBER_HEADER,
        [subscriber_row("S1", "+86 138-0000-1111", "2024-01-01", plan="P128")],
    )

    run_import("subscribers", path)

    subscriber = Subscriber.objects.get(subscriber_id="S1")
    assert subscriber.number == "13800001111"
    assert subscriber.account == accounts[0]
    assert subscriber.customer == accounts[0].customer
    assert subscriber.plan == plan


def test_it_refuses_rows_that_do_not_hold_together(tmp_path, accounts):
    rows = [
        subscriber_row("S1", "13800001111", "2024-01-01", account="A002"),
        subscriber_row("S2", "12345", "2024-01-01"),
        subscriber_row("S3", "13800003333", "2024-13-01"),
        subscriber_row("S4", "13800004444", "2024-01-01", "2023-01-01"),
        subscriber_row("S5", "13800005555", "2024-01-01", customer="G404", plan="P404"),
    ]
    path = write_csv(tmp_path / "s.csv", SUBSCRIBER_HEADER, rows)

    lines = run_import_refused("subscribers", path).splitlines()

    assert lines == [
        "line 2, column account_code: This account belongs to another customer.",
        "line 3, column number: A subscriber number has 11 digits (mobile) or 13 digits (IoT).",
        "line 4, column valid_from: Not a date: write it as YYYY-MM-DD.",
        "line 4, column activated_on: Not a date: write it as YYYY-MM-DD.",
        "line 5, column valid_to: Must be after valid_from.",
        "line 6, column customer_code: No customer with code G404.",
        "line 6, column plan_code: No plan with code P404.",
    ]
