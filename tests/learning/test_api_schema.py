"""/api/v1/learning answers as the OpenAPI document says: schemathesis sends generated
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

from kamdesk.learning.models import Certification
from kamdesk.learning.services import certification_issue, path_assign
from kamdesk.users.services import token_create
from tests.learning.factories import path_make

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
def _some_learning(manager):
    cert = Certification.objects.create(code="g", name="集团产品")
    path = path_make(slug="a", cert=cert)
    path_assign(path=path, user=manager, deadline=dt.date(2026, 12, 31), reason="上线")
    certification_issue(user=manager, certification=cert, on=dt.date(2026, 11, 1))


@pytest.fixture
def bearer(supervisor):
    raw, _ = token_create(username=supervisor.username, password="kamdesk-test-pass")
    return {"Authorization": f"Bearer {raw}"}


CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "generation": {"with-security-parameters": False},
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
).include(tag="learning")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.usefixtures("_same_connection", "_some_learning")
def test_it_answers_every_operation_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
