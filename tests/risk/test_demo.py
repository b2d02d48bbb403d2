"""The demo loader copes with less data: no usage at all, or too few months to train."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kamdesk.risk.demo import risk_demo_load
from kamdesk.risk.models import ChurnModelVersion, RiskAlert
from tests.risk.factories import group_with_line, history_add

pytestmark = pytest.mark.django_db


def test_it_says_what_is_missing_without_usage(frozen):
    with translation.override("en"):
        assert "no usage history" in risk_demo_load(seed=1, today=dt.date(2026, 11, 25))


def test_it_runs_the_early_warning_without_a_model_on_a_short_history(frozen, manager):
    customer, _sub = group_with_line(manager=manager)
    history_add(customer, [3000, 3000, 3100, 1200], last=dt.date(2026, 10, 1))
    with translation.override("en"):
        summary = risk_demo_load(seed=1, today=dt.date(2026, 11, 25))
    assert summary.startswith("Risk: model —")
    assert not ChurnModelVersion.objects.exists()
    assert RiskAlert.objects.filter(customer=customer, trigger="spend_drop").exists()
