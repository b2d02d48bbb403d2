import pytest

from kamdesk.customers.models import Product
from tests.customers.imports.helpers import run_import, run_import_refused, write_csv
from tests.factories import AccountFactory, SubscriberFactory

HEADER = [
    "product_id",
    "customer_code",
    "account_code",
    "kind",
    "name",
    "spec",
    "monthly_fee",
    "status",
    "started_on",
    "member_subscriber_ids",
]


@pytest.fixture
def account(db):
    account = AccountFactory(code="A001", customer__code="G001")
    for n in range(1, 4):
        SubscriberFactory(subscriber_id=f"S{n}", customer=account.customer, account=account)
    return account


def vpmn(members: str) -> dict[str, str]:
    return {
        "product_id": "PR1",
        "customer_code": "G001",
        "account_code": "A001",
        "kind": "vpmn",
        "name": "集团V网",
        "monthly_fee": "200",
        "started_on": "2023-05-01",
        "member_subscriber_ids": members,
    }


def members() -> dict[str, str]:
    product = Product.objects.get(product_id="PR1")
    return {m.subscriber.subscriber_id: m.short_number for m in product.members.all()}


def test_it_imports_a_closed_user_group_with_its_members(tmp_path, account):
    path = write_csv(tmp_path / "products.csv", HEADER, [vpmn("S1:6601; S2:6602;S3")])

    run_import("products", path)

    assert members() == {"S1": "6601", "S2": "6602", "S3": ""}


def test_it_replaces_the_membership_with_the_files_list(tmp_path, account):
    path = tmp_path / "products.csv"
    write_csv(path, HEADER, [vpmn("S1:6601;S2:6602")])
    run_import("products", path)
    write_csv(path, HEADER, [vpmn("S2:6612;S3:6603")])

    out, _ = run_import("products", path)
    again, _ = run_import("products", path)

    assert "0 created, 1 updated" in out
    assert members() == {"S2": "6612", "S3": "6603"}
    assert "0 created, 0 updated, 1 unchanged" in again


def test_it_refuses_unknown_or_repeated_members(tmp_path, account):
    path = write_csv(tmp_path / "products.csv", HEADER, [vpmn("S1;S9;S1;S2:123456789")])

    lines = run_import_refused("products", path).splitlines()

    assert lines == [
        "line 2, column member_subscriber_ids: No subscriber with id S9.",
        "line 2, column member_subscriber_ids: Subscriber S1 is listed twice.",
        "line 2, column member_subscriber_ids: A short number has at most 8 digits.",
    ]
