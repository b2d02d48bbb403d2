"""/api/v1/optimisations, /opportunities, /proposals, /knowledge, /prospects,
/competitors and /market answer as the OpenAPI document says: schemathesis sends
generated requests, valid and invalid, to every operation and checks each answer."""

import datetime as dt

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

from kamdesk.advisor.services import optimisation_run
from kamdesk.advisor.services_opportunities import opportunities_scan
from kamdesk.advisor.services_proposals import proposal_from_optimisation
from kamdesk.prospects.demo import prospects_demo_load
from kamdesk.users.services import token_create
from tests.advisor.factories import GB, MONTHS, TODAY, line, plan, usage
from tests.factories import CustomerFactory
from tests.knowledge.factories import article

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def _same_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def _some_advice(manager):
    """Rows at low ids, so that generated ids find 200s as well as 404s."""
    old = plan("OLD0128", "128", minutes=500, gb=30)
    plan("P0058", "58", minutes=300, gb=10)
    customer = CustomerFactory(manager=manager)
    for _ in range(2):
        subscriber = line(customer, old)
        for month in MONTHS:
            usage(subscriber, month, minutes=100, mb=12 * GB, data_fen=600)
    run = optimisation_run(actor=manager, customer=customer, today=TODAY)
    proposal_from_optimisation(optimisation=run, actor=manager)
    opportunities_scan(customer=customer, today=TODAY)
    article("tariff-notes", "套餐资费说明", "资费说明正文。", summary="资费简介")
    prospects_demo_load(seed=1, today=dt.date(2026, 11, 28))


@pytest.fixture
def bearer(manager):
    raw, _ = token_create(username=manager.username, password="kamdesk-test-pass")
    return {"Authorization": f"Bearer {raw}"}


CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "generation": {"with-security-parameters": False},
    }
)
schema = (
    schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)
    .include(tag="adviser")
    .include(tag="knowledge")
    .include(tag="prospects")
)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.usefixtures("_same_connection", "_some_advice")
def test_it_answers_every_operation_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
