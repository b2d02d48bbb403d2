"""Usage fixtures: a warehouse per test, customers with subscribers, CDR files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory


@pytest.fixture(autouse=True)
def _english():
    """Command output and reports in English, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def warehouse(settings, tmp_path):
    """A fresh warehouse directory for the test (and the DuckDB engine)."""
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    settings.DUCKDB_MEMORY_LIMIT = "1GB"
    return settings.WAREHOUSE_DIR


@pytest.fixture
def group(manager):
    """A group customer of ``manager`` with one account and three subscribers."""
    customer = CustomerFactory(name="南京钢铁集团", manager=manager)
    account = AccountFactory(customer=customer, code="A-NJ-001")
    subscribers = [
        SubscriberFactory(
            customer=customer,
            account=account,
            number=number,
            subscriber_id=f"S-NJ-{i}",
            valid_from=dt.date(2020, 1, 1),
        )
        for i, number in enumerate(["13800000001", "13800000002", "13800000003"], start=1)
    ]
    return customer, account, subscribers
