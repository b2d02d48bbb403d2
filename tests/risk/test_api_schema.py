"""/api/v1 risk answers as its OpenAPI document says: schemathesis sends generated
requests, valid and invalid, to every operation and checks each answer."""

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

from kamdesk.risk.models import ChurnModelVersion, RiskScore
from kamdesk.risk.services.alerts import alert_open
from kamdesk.users.services import token_create
from tests.risk.factories import group_with_line

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
def _some_risk(manager):
    """Alerts and scores at low ids, so that generated ids find 200s as well as 404s."""
    version = ChurnModelVersion.objects.create(version=1, source="t", blob=b"", is_active=True)
    for i in range(2):
        customer, sub = group_with_line(manager=manager)
        RiskScore.objects.create(
            customer=customer,
            month=dt.date(2026, 10, 1),
            model=version,
            probability=0.7,
            flagged=True,
            reasons=[{"feature": "spend_change", "value": -0.5}],
        )
        alert_open(customer=customer, trigger="plan_downgrade", source_ref=f"event:S{i}")


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
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
).include(tag="risk")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.usefixtures("_same_connection", "_some_risk")
def test_it_answers_every_operation_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
