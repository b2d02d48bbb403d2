"""Churn models trained on the history are versioned (data period, features, metrics,
who trained) and the active one can be switched back; scoring explains the flagged."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.risk.models import ChurnModelVersion, RiskScore
from kamdesk.risk.services.modelling import model_activate, model_train_history, scores_compute
from tests.conftest import client_for
from tests.risk.factories import group_with_line, history_add

pytestmark = pytest.mark.django_db
LAST = dt.date(2026, 10, 1)


def _history(manager, n: int = 40) -> None:  # noqa: ANN001
    rng = random.Random(4)
    for i in range(n):
        customer, _sub = group_with_line(manager=manager, name=f"历史集团{i}")
        base = rng.uniform(800, 3000)
        falls_at = rng.choice([5, 6, 7, 8, 99, 99, 99])
        spends, calls = [], []
        for m in range(12):
            factor = max(0.2, 1 - 0.25 * (m - falls_at + 1)) if m >= falls_at else 1.0
            spends.append(round(base * factor * rng.uniform(0.85, 1.15), 2))
            # A noisy signal: half the leavers call competitors first, some stayers too.
            leaver_calls = m >= falls_at - 1 and rng.random() < 0.5
            calls.append(rng.randint(1, 4) if leaver_calls or rng.random() < 0.15 else 0)
        history_add(customer, spends, last=LAST, competitor=calls)


def test_it_versions_models_and_switches_back(frozen, manager, supervisor):
    _history(manager)
    first = model_train_history(actor=supervisor, test_months=2)
    second = model_train_history(actor=supervisor, test_months=2)
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert not first.metrics["leakage_alarm"], first.metrics["auc"]
    assert second.is_active and not first.is_active
    assert first.trained_by == supervisor and first.period_from < first.period_to
    assert "competitor_calls_3m" in first.features
    assert {"auc", "pr_auc", "brier", "top_decile_lift", "calibration", "baseline_auc"} <= set(
        first.metrics
    )
    assert {"precision_at_capacity", "recall_at_capacity"} <= set(first.metrics)

    answer = client_for(supervisor).post(f"/risk/models/{first.pk}/activate/")
    assert answer.status_code == 302
    assert ChurnModelVersion.objects.get(is_active=True) == first
    assert AuditEvent.objects.filter(action="risk.model.activated").count() == 3

    flagged = scores_compute(month=LAST)
    assert RiskScore.objects.filter(model=first).count() == 40
    assert all(s.reasons for s in flagged)  # the flagged are explained
    assert not RiskScore.objects.filter(model=first, flagged=False).exclude(reasons=[]).exists()


def test_a_manager_cannot_switch_models(frozen, manager):
    _history(manager, n=30)
    version = model_train_history(test_months=2, activate=False)
    assert client_for(manager).post(f"/risk/models/{version.pk}/activate/").status_code == 403
    model_activate(version=version, actor=None)
    assert ChurnModelVersion.objects.get(pk=version.pk).is_active
