import datetime as dt

import pytest

from kamdesk.customers.models import Subscriber
from tests.customers.imports.helpers import (
    SUBSCRIBER_HEADER,
    run_import,
    run_import_refused,
    subscriber_row,
    write_csv,
)
from tests.factories import AccountFactory, SubscriberFactory


@pytest.fixture
def account(db):
    return AccountFactory(code="A001", customer__code="G001")


def test_it_refuses_two_rows_holding_one_number_on_the_same_days(tmp_path, account):
    rows = [
        subscriber_row("S1", "13800001111", "2020-01-01", "2023-01-01"),
        subscriber_row("S2", "13800001111", "2022-06-01"),
    ]
    path = write_csv(tmp_path / "subscribers.csv", SUBSCRIBER_HEADER, rows)

    printed = run_import_refused("subscribers", path)

    assert "line 3, column valid_from: The period overlaps subscriber S1" in printed
    assert "line 2, column valid_from: The period overlaps subscriber S2" in printed
    assert "13800001111" not in printed
    assert not Subscriber.objects.exists()


def test_it_refuses_a_row_overlapping_a_stored_holder_of_the_number(tmp_path, account):
    SubscriberFactory(
        subscriber_id="S9",
        number="13800001111",
        valid_from=dt.date(2019, 1, 1),
        customer=account.customer,
        account=account,
    )
    path = write_csv(
        tmp_path / "subscribers.csv",
        SUBSCRIBER_HEADER,
        [subscriber_row("S1", "13800001111", "2024/03/01")],
    )

    printed = run_import_refused("subscribers", path)

    assert "line 2, column valid_from: The period overlaps subscriber S9" in printed
    assert "already stored" in printed


def test_it_checks_a_stored_subscriber_with_its_new_period_not_its_old_one(tmp_path, account):
    SubscriberFactory(
        subscriber_id="S1",
        number="13800001111",
        valid_from=dt.date(2019, 1, 1),
        customer=account.customer,
        account=account,
    )
    rows = [
        subscriber_row("S1", "13800001111", "2019-01-01", "2024-01-01"),
        subscriber_row("S2", "13800001111", "2024-01-01"),
    ]
    path = write_csv(tmp_path / "subscribers.csv", SUBSCRIBER_HEADER, rows)

    out, _ = run_import("subscribers", path)

    assert "subscribers: 1 created, 1 updated, 0 unchanged" in out
    assert Subscriber.objects.get(subscriber_id="S1").valid_to == dt.date(2024, 1, 1)
