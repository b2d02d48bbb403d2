"""The API exposes scores with reasons, alerts and their outcomes, a customer's risk and
programmes — within the caller's scope."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from kamdesk.risk.models import ChurnModelVersion, RiskScore
from kamdesk.risk.services.alerts import alert_open
from kamdesk.visits.models import Visit
from tests.conftest import api_client_for
from tests.risk.factories import group_with_line

pytestmark = pytest.mark.django_db


def _post(client, url: str, body: dict):  # noqa: ANN001, ANN202
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_it_lists_scores_with_reasons_and_closes_alerts_with_outcomes(
    frozen, manager, other_manager
):
    customer, sub = group_with_line(manager=manager)
    version = ChurnModelVersion.objects.create(version=1, source="t", blob=b"", is_active=True)
    RiskScore.objects.create(
        customer=customer,
        month=dt.date(2026, 10, 1),
        model=version,
        probability=0.81,
        flagged=True,
        reasons=[{"feature": "competitor_calls_3m", "value": 5, "contribution": 0.9}],
    )
    alert, _ = alert_open(
        customer=customer, trigger="port_out_code_requested", source_ref="event:A", subscriber=sub
    )
    client = api_client_for(manager)

    scores = client.get("/api/v1/risk/scores?flagged=true").json()
    assert (
        scores["count"] == 1
        and scores["items"][0]["reasons"][0]["feature"] == "competitor_calls_3m"
    )

    refused = _post(client, f"/api/v1/risk/alerts/{alert.pk}/close", {"outcome": "retained"})
    assert refused.status_code == 422 and "visit" in refused.json()["errors"]
    Visit.objects.filter(pk=alert.visit_id).update(status="completed", completed_at=timezone.now())
    closed = _post(client, f"/api/v1/risk/alerts/{alert.pk}/close", {"outcome": "retained"})
    assert closed.status_code == 200 and closed.json()["outcome"] == "retained"

    risk = client.get(f"/api/v1/customers/{customer.pk}/risk").json()
    assert risk["score"]["probability"] == 0.81 and risk["alerts"][0]["status"] == "closed"
    assert risk["port_out_blocked_subscribers"] == []  # no port-out event was recorded

    stranger = api_client_for(other_manager)
    assert stranger.get(f"/api/v1/risk/alerts/{alert.pk}").status_code == 404
    assert stranger.get(f"/api/v1/customers/{customer.pk}/risk").status_code == 404
    assert stranger.get("/api/v1/risk/scores").json()["count"] == 0


def test_a_dismissal_needs_a_reason(frozen, manager):
    customer, _sub = group_with_line(manager=manager)
    alert, _ = alert_open(customer=customer, trigger="service_removed", source_ref="event:B")
    client = api_client_for(manager)
    assert (
        _post(client, f"/api/v1/risk/alerts/{alert.pk}/dismiss", {"reason": ""}).status_code == 422
    )
    done = _post(client, f"/api/v1/risk/alerts/{alert.pk}/dismiss", {"reason": "客户内部调整"})
    assert done.json()["status"] == "dismissed"
