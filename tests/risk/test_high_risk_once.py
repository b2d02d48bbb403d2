"""A high churn risk opens an alert (and its one retention visit) when it is new: a
customer still flagged next month while the first alert is open gets no second one;
once that alert is closed, a later flag opens a new one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kamdesk.risk.models import ChurnModelVersion, RiskAlert, RiskScore
from kamdesk.risk.services import detect
from kamdesk.risk.services.alerts import alert_close
from kamdesk.visits.models import Visit
from tests.risk.factories import group_with_line

pytestmark = pytest.mark.django_db


def _flag(monkeypatch, customer, month: dt.date) -> None:  # noqa: ANN001
    version, _ = ChurnModelVersion.objects.get_or_create(
        version=1, defaults={"source": "test", "blob": b"", "is_active": True}
    )
    score = RiskScore.objects.create(
        customer=customer, month=month, model=version, probability=0.9, flagged=True,
        reasons=[{"feature": "spend_change", "value": -0.5}],
    )  # fmt: skip
    monkeypatch.setattr(detect, "scores_compute", lambda *, month: [score])


def test_a_customer_still_flagged_keeps_its_open_alert(frozen, manager, monkeypatch):
    customer, _sub = group_with_line(manager=manager)
    _flag(monkeypatch, customer, dt.date(2026, 9, 1))
    detect._scores(dt.date(2026, 9, 1), detect.RunResult())
    _flag(monkeypatch, customer, dt.date(2026, 10, 1))
    result = detect.RunResult()
    detect._scores(dt.date(2026, 10, 1), result)

    assert result.alerts["high_risk"] == 0
    alert = RiskAlert.objects.get(customer=customer, trigger="high_risk")
    assert alert.source_ref == "score:2026-09-01"
    assert Visit.objects.filter(customer=customer, required_reason="retention").count() == 1


def test_a_new_flag_after_the_alert_closed_opens_a_new_one(frozen, manager, monkeypatch):
    customer, _sub = group_with_line(manager=manager)
    _flag(monkeypatch, customer, dt.date(2026, 9, 1))
    detect._scores(dt.date(2026, 9, 1), detect.RunResult())
    first = RiskAlert.objects.get(customer=customer)
    Visit.objects.filter(pk=first.visit_id).update(status="completed", completed_at=timezone.now())
    alert_close(alert=first, actor=manager, outcome="not_at_risk")

    _flag(monkeypatch, customer, dt.date(2026, 10, 1))
    result = detect.RunResult()
    detect._scores(dt.date(2026, 10, 1), result)
    assert result.alerts["high_risk"] == 1
    assert RiskAlert.objects.filter(customer=customer, status="open").count() == 1
