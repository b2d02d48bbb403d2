import datetime as dt

import pytest

from kamdesk.customers.models import Subscriber
from tests.customers.imports.helpers import (
    SUBSCRIBER_HEADER,
    run_import,
    subscriber_row,
    write_csv,
)
from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory


@pytest.mark.django_db
def test_it_accepts_a_recycled_number_held_in_turn_by_two_customers(tmp_path):
    first = AccountFactory(code="A001", customer__code="G001")
    AccountFactory(code="A002", customer=CustomerFactory(code="G002"))
    SubscriberFactory(
        subscriber_id="S0",
        number="13900000000",
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2019, 1, 1),
        customer=first.customer,
        account=first,
    )
    rows = [
        subscriber_row("S1", "13900000000", "20190101", "20220315"),
        subscriber_row("S2", "139 0000 0000", "2022-03-15", customer="G002", account="A002"),
    ]
    path = write_csv(tmp_path / "subscribers.csv", SUBSCRIBER_HEADER, rows)

    out, _ = run_import("subscribers", path)

    assert "subscribers: 2 created, 0 updated, 0 unchanged" in out
    holders = Subscriber.objects.filter(number="13900000000").order_by("valid_from")
    assert [(s.subscriber_id, s.customer.code) for s in holders] == [
        ("S0", "G001"),
        ("S1", "G001"),
        ("S2", "G002"),
    ]
    assert holders[1].valid_to == dt.date(2022, 3, 15)
