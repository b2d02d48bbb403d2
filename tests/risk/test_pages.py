"""The risk board, the 360 panel at the top of the customer page, alerts and programmes."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.customers.panels import panels_for
from kamdesk.risk.models import Anomaly, ChurnModelVersion, RiskScore
from kamdesk.risk.services.alerts import alert_open
from tests.conftest import client_for
from tests.risk.factories import group_with_line

pytestmark = pytest.mark.django_db


def _scored(manager):  # noqa: ANN001, ANN202
    customer, sub = group_with_line(manager=manager, name="江宁制造集团")
    version = ChurnModelVersion.objects.create(
        version=3, source="t", blob=b"", is_active=True, threshold=0.5
    )
    RiskScore.objects.create(
        customer=customer,
        month=dt.date(2026, 10, 1),
        model=version,
        probability=0.77,
        flagged=True,
        value_fen=500_000,
        reasons=[{"feature": "competitor_calls_3m", "value": 6}],
    )
    Anomaly.objects.create(
        customer=customer,
        level="customer",
        level_ref=customer.pk,
        month=dt.date(2026, 10, 1),
        kind="drop",
        metric="spend",
        severity="high",
        current=480,
        baseline=1000,
        change_pct=-52,
        months=6,
    )
    alert_open(customer=customer, trigger="plan_downgrade", source_ref="event:P", subscriber=sub)
    return customer


def test_the_panel_sits_at_the_top_of_the_360_page_with_reasons_and_anomalies(frozen, manager):
    customer = _scored(manager)
    assert [p.key for p in panels_for(user=manager, customer_id=customer.pk)["top"]].count(
        "risk"
    ) == 1
    client = client_for(manager)
    page = client.get(f"/customers/{customer.pk}/")
    assert f"/risk/customers/{customer.pk}/panel/" in page.content.decode()
    panel = client.get(f"/risk/customers/{customer.pk}/panel/").content.decode()
    assert (
        "77%" in panel and "10010" in panel
    )  # the reason is worded (competitors' service numbers)
    assert "52%" in panel


def test_the_board_shows_risk_by_value_and_open_alerts(frozen, manager, other_manager):
    customer = _scored(manager)
    board = client_for(manager).get("/risk/").content.decode()
    assert customer.name in board and 'id="risk-grid"' in board
    other = client_for(other_manager).get("/risk/").content.decode()
    assert customer.name not in other


def test_pages_answer(frozen, manager, supervisor):
    customer = _scored(manager)
    for url in (
        "/risk/alerts/",
        "/risk/alerts/?status=closed",
        "/risk/win-back/",
        "/risk/programmes/",
        "/risk/models/",
        f"/risk/customers/{customer.pk}/",
    ):
        assert client_for(manager).get(url).status_code == 200, url
    team_board = client_for(supervisor).get("/risk/").content.decode()
    assert 'id="risk-team"' in team_board and manager.username in team_board
