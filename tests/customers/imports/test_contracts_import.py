import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.customers.models import Contract, Product
from tests.customers.imports.helpers import run_import, run_import_refused, write_csv
from tests.factories import CustomerFactory

HEADER = [
    "contract_code",
    "customer_code",
    "title",
    "starts_on",
    "term_months",
    "expires_on",
    "minimum_monthly",
    "tender_ref",
    "product_ids",
]


@pytest.fixture
def products(db):
    mine, other = CustomerFactory(code="G001"), CustomerFactory(code="G002")
    return (
        Product.objects.create(product_id="PR1", customer=mine, kind="vpmn", name="V网"),
        Product.objects.create(product_id="PR2", customer=mine, kind="cloud", name="云"),
        Product.objects.create(product_id="PR9", customer=other, kind="cloud", name="云"),
    )


def contract(**changes: str) -> dict[str, str]:
    return {
        "contract_code": "K1",
        "customer_code": "G001",
        "title": "2025年综合信息服务协议",
        "starts_on": "2025-01-01",
        "term_months": "12",
        "minimum_monthly": "30000",
        "tender_ref": "ZB-2024-118",
        "product_ids": "PR1;PR2",
    } | changes


def test_it_imports_a_contract_and_computes_its_expiry(tmp_path, products):
    path = write_csv(tmp_path / "contracts.csv", HEADER, [contract()])

    run_import("contracts", path)

    signed = Contract.objects.get(code="K1")
    assert signed.expires_on == dt.date(2025, 12, 31)
    assert signed.minimum_monthly == Decimal("30000.00")
    assert set(signed.products.values_list("product_id", flat=True)) == {"PR1", "PR2"}


def test_it_updates_the_covered_products_and_is_idempotent(tmp_path, products):
    path = tmp_path / "contracts.csv"
    write_csv(path, HEADER, [contract()])
    run_import("contracts", path)
    write_csv(path, HEADER, [contract(product_ids="PR2", expires_on="2026-06-30")])

    out, _ = run_import("contracts", path)
    again, _ = run_import("contracts", path)

    signed = Contract.objects.get(code="K1")
    assert "1 updated" in out and "1 unchanged" in again
    assert list(signed.products.values_list("product_id", flat=True)) == ["PR2"]
    assert signed.expires_on == dt.date(2026, 6, 30)


def test_it_refuses_products_of_another_customer(tmp_path, products):
    path = write_csv(
        tmp_path / "contracts.csv",
        HEADER,
        [contract(product_ids="PR1;PR9", expires_on="2024-01-01")],
    )

    lines = run_import_refused("contracts", path).splitlines()

    assert lines == [
        "line 2, column expires_on: Cannot be before starts_on.",
        "line 2, column product_ids: Product PR9 belongs to another customer.",
    ]
