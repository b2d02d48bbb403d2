"""/api/v1 unmasking operations answer as the OpenAPI document says: schemathesis sends
generated requests, valid and invalid, to every operation and checks each answer."""

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

from kamdesk.users.services import token_create
from tests.factories import SubscriberFactory
from tests.security.conftest import vip_customer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def _same_connection():
    # The WSGI handler closes "old" connections around each request; the test's
    # transaction must survive it (see tests/customers/api/test_schema.py).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def _some_customers(manager):
    """VIPs with held numbers at low ids, so that generated ids find 200s as well as 404s."""
    for seq in (1, 2):
        customer = vip_customer(manager, seq, f"贵宾{seq}")
        SubscriberFactory(customer=customer)


@pytest.fixture
def bearer(manager):
    raw, _ = token_create(username=manager.username, password="kamdesk-test-pass")
    return {"Authorization": f"Bearer {raw}"}


# The test sends the bearer token itself; schemathesis must not also generate the
# Authorization header, or a case meant to lack it gets one and is (rightly) accepted.
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "generation": {"with-security-parameters": False},
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
).include(tag="unmasking")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.usefixtures("_same_connection", "_some_customers")
def test_it_answers_every_operation_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
