"""A nightly run twice creates nothing twice: anomalies, alerts, visits, notifications."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.notifications.models import Notification
from kamdesk.risk.models import Anomaly, RiskAlert
from kamdesk.risk.services.detect import risk_nightly
from kamdesk.visits.models import Visit
from tests.risk.conftest import NOW
from tests.risk.factories import event_add, group_with_line, history_add

pytestmark = pytest.mark.django_db


def test_it_creates_nothing_twice(frozen, manager):
    falling, sub = group_with_line(manager=manager, name="下滑集团")
    history_add(falling, [3000, 3100, 2900, 3000, 3050, 2950, 1400], last=dt.date(2026, 10, 1))
    steady, sub2 = group_with_line(manager=manager, name="平稳集团")
    history_add(steady, [1000, 1000, 1010, 990, 1000, 1000, 1005], last=dt.date(2026, 10, 1))
    event_add(sub2, "plan_downgrade", NOW - dt.timedelta(days=3))

    first = risk_nightly(now=NOW)
    counts = (
        Anomaly.objects.count(),
        RiskAlert.objects.count(),
        Visit.objects.count(),
        Notification.objects.count(),
    )
    second = risk_nightly(now=NOW + dt.timedelta(minutes=5))

    assert first.alerts == {"spend_drop": 1, "plan_downgrade": 1}
    assert sum(second.alerts.values()) == 0
    assert counts == (
        Anomaly.objects.count(),
        RiskAlert.objects.count(),
        Visit.objects.count(),
        Notification.objects.count(),
    )
    assert counts[1] == 2 and counts[2] == 2 and counts[3] >= 2
    drop = RiskAlert.objects.get(trigger="spend_drop")
    assert drop.customer == falling and "53%" in drop.detail
    assert Anomaly.objects.filter(customer=steady).count() == 0


def test_a_late_run_still_processes_what_it_missed(frozen, manager):
    customer, sub = group_with_line(manager=manager)
    history_add(customer, [1000] * 6, last=dt.date(2026, 10, 1))
    event_add(sub, "cancellation", NOW - dt.timedelta(days=10))
    risk_nightly(now=NOW)
    assert RiskAlert.objects.filter(trigger="cancellation").count() == 1
