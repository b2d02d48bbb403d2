from decimal import Decimal

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Account
from tests.customers.imports.helpers import run_import, run_import_refused, write_csv
from tests.factories import ContactFactory, CustomerFactory

HEADER = [
    "account_code",
    "customer_code",
    "name",
    "payment_relation",
    "group_pay_limit",
    "billing_type",
    "bill_contact_name",
    "status",
]


@pytest.fixture
def customer(db):
    return CustomerFactory(code="G001")


def test_it_imports_accounts_and_links_the_bill_contact_by_name(tmp_path, customer):
    contact = ContactFactory(customer=customer, name="刘芳")
    path = write_csv(
        tmp_path / "accounts.csv",
        HEADER,
        [
            {
                "account_code": "A001",
                "customer_code": "G001",
                "name": "统付账户",
                "payment_relation": "partial",
                "group_pay_limit": "1,500",
                "bill_contact_name": "刘芳",
            },
        ],
    )

    run_import("accounts", path)

    account = Account.objects.get(code="A001")
    assert account.customer == customer
    assert account.group_pay_limit == Decimal("1500.00")
    assert account.billing_type == "postpaid" and account.status == "active"
    assert account.bill_contact == contact


def test_it_warns_about_an_unknown_bill_contact_without_refusing(tmp_path, customer):
    path = write_csv(
        tmp_path / "accounts.csv",
        HEADER,
        [
            {
                "account_code": "A001",
                "customer_code": "G001",
                "name": "统付账户",
                "payment_relation": "group",
                "bill_contact_name": "赵六",
            },
        ],
    )

    out, err = run_import("accounts", path)

    assert "1 created" in out
    assert "warning: line 2, column bill_contact_name:" in err
    assert Account.objects.get(code="A001").bill_contact is None


def test_it_refuses_a_partial_payment_without_a_limit(tmp_path, customer):
    path = write_csv(
        tmp_path / "accounts.csv",
        HEADER,
        [
            {
                "account_code": "A001",
                "customer_code": "G001",
                "name": "统付账户",
                "payment_relation": "partial",
            },
            {
                "account_code": "A002",
                "customer_code": "G001",
                "name": "个付账户",
                "payment_relation": "self",
            },
        ],
    )

    lines = run_import_refused("accounts", path).splitlines()

    assert lines[0] == (
        "line 2, column group_pay_limit: "
        "An account paid by the group up to a limit needs the limit."
    )
    assert lines[1].startswith("line 3, column payment_relation: Unknown value self")


def test_it_updates_only_the_columns_the_file_has(tmp_path, customer):
    Account.objects.create(
        code="A001",
        customer=customer,
        name="统付账户",
        payment_relation="group",
        billing_type="prepaid",
    )
    path = write_csv(
        tmp_path / "accounts.csv",
        ["account_code", "status"],
        [{"account_code": "A001", "status": "suspended"}],
    )

    out, _ = run_import("accounts", path)

    assert "0 created, 1 updated" in out
    account = Account.objects.get(code="A001")
    assert account.status == "suspended" and account.billing_type == "prepaid"
    assert AuditEvent.objects.get(action="account.imported_update").extra["changed"] == ["status"]
