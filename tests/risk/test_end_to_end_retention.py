"""End to end with the visits capability: a port-out request opens an alert and a
required retention visit; the manager records and completes the visit through the
visits services; only then does the alert close with its outcome, and the save counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.notifications.models import Notification
from kamdesk.risk.models import ChurnModelVersion, RiskAlert, RiskScore
from kamdesk.risk.services.alerts import alert_close
from kamdesk.risk.services.detect import RunResult, events_process
from kamdesk.risk.services.programme import programme_create, programme_measure
from kamdesk.visits.models import Visit
from kamdesk.visits.services.record import visit_complete, visit_record_save
from tests.risk.conftest import NOW
from tests.risk.factories import event_add, group_with_line, history_add

pytestmark = pytest.mark.django_db


def test_a_port_out_request_is_answered_by_a_completed_visit(frozen, manager, supervisor):
    customer, sub = group_with_line(manager=manager, grade_code="B")
    history_add(customer, [2000, 2100, 1950, 2000, 2050, 2000], last=dt.date(2026, 10, 1))
    version = ChurnModelVersion.objects.create(version=1, source="t", blob=b"", is_active=True)
    RiskScore.objects.create(
        customer=customer, month=dt.date(2026, 10, 1), model=version, probability=0.8, flagged=True
    )
    programme = programme_create(
        actor=supervisor,
        name="关怀",
        month=dt.date(2026, 10, 1),
        min_probability=0.5,
        control_share=0.0,
        budget=Decimal("100"),
    )
    event_add(sub, "port_out_code_requested", NOW - dt.timedelta(hours=3))

    events_process(now=NOW, result=RunResult())  # the ten-minute event pass
    alert = RiskAlert.objects.get(customer=customer, trigger="port_out_code_requested")
    visit = Visit.objects.get(pk=alert.visit_id)
    assert visit.required_reason == "retention" and visit.manager == manager
    assert visit.due_by <= dt.date(2026, 11, 27)  # 48 hours from the request
    assert alert.on_site  # a B group
    assert Notification.objects.filter(user=manager, kind="risk.alert").count() == 1

    with pytest.raises(ValidationFailed):
        alert_close(alert=alert, actor=manager, outcome="retained")
    visit_record_save(
        visit=visit, actor=manager, data={"discussion": "了解携转原因：信号弱；已安排网络优化"}
    )
    visit_complete(visit=Visit.objects.get(pk=visit.pk), actor=manager)
    alert_close(alert=alert, actor=manager, outcome="retained")

    rates = programme_measure(programme=programme)
    assert rates["treated"] == {"members": 1, "decided": 1, "saved": 1, "save_rate": 1.0}
