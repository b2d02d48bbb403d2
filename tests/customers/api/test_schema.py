"""The API answers as its OpenAPI document says: schemathesis sends generated requests,
valid and invalid, to every operation and checks each answer against the document."""

import datetime as dt
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kamdesk.customers.models import Contract, Product, ProductMember
from kamdesk.users.services import token_create
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    InteractionFactory,
    SubscriberFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def _same_connection():
    # The WSGI handler closes "old" database connections around each request; the test
    # client turns that off, and so must a test that calls the WSGI application itself,
    # or the test's transaction would be closed under it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def _some_data(manager):
    """A few rows in scope, so that low ids answer 200 as well as 404."""
    for _ in range(2):
        customer = CustomerFactory(manager=manager)
        subscriber = SubscriberFactory(customer=customer)
        contact = ContactFactory(customer=customer, email="li@example.cn")
        InteractionFactory(customer=customer, contact=contact)
        product = Product.objects.create(
            product_id=f"P{customer.pk}",
            customer=customer,
            kind="vpmn",
            name="V网",
            monthly_fee=Decimal("99"),
        )
        ProductMember.objects.create(product=product, subscriber=subscriber)
        Contract.objects.create(
            code=f"K{customer.pk}",
            customer=customer,
            title="合同",
            starts_on=dt.date(2025, 1, 1),
            term_months=24,
            expires_on=dt.date(2027, 1, 1),
        )


@pytest.fixture
def bearer(manager):
    raw, _ = token_create(username=manager.username, password="kamdesk-test-pass")
    return {"Authorization": f"Bearer {raw}"}


# The coverage phase (boundary values, unexpected methods: 60 to 120 requests an
# operation) passes too, but takes minutes; the suite keeps explicit examples and
# about 10 generated cases, valid and invalid, per operation.
# Security parameters stay ours: a generated case without the Authorization header would
# otherwise get the header added by the test and be (rightly) accepted.
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "generation": {"with-security-parameters": False},
    }
)

# Loaded at collection from the WSGI application itself: reading the document needs
# neither a token nor the database (schemathesis' lazy from_fixture() loader fails under
# pytest 9). Only the customers API's operations: other apps' have their own tests.
TAGS = ["customers", "accounts", "subscribers", "products", "contracts", "contacts", "interactions"]
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
).include(tag=TAGS)


@schema.parametrize()
# The data and the token are made once per operation and shared by its examples.
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.usefixtures("_same_connection", "_some_data")
def test_it_answers_every_operation_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
