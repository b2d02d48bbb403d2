"""Control-group customers get no programme offers, yet still get their mandatory
retention visits; the save rate is measured against them, with the visit as evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kamdesk.core.errors import ValidationFailed
from kamdesk.risk.models import ChurnModelVersion, ProgrammeMember, RiskAlert, RiskScore
from kamdesk.risk.services.alerts import alert_close
from kamdesk.risk.services.detect import RunResult, events_process
from kamdesk.risk.services.programme import (
    offer_make,
    optout_record,
    programme_create,
    programme_measure,
)
from kamdesk.visits.models import Visit
from tests.risk.conftest import NOW
from tests.risk.factories import event_add, group_with_line

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 10, 1)


def _flagged(manager, n: int):  # noqa: ANN001, ANN202
    version = ChurnModelVersion.objects.create(
        version=1, source="test", blob=b"", is_active=True, threshold=0.5
    )
    lines = []
    for i in range(n):
        customer, sub = group_with_line(manager=manager, name=f"风险集团{i}")
        RiskScore.objects.create(
            customer=customer,
            month=MONTH,
            model=version,
            probability=0.9,
            flagged=True,
            reasons=[{"feature": "competitor_calls_3m", "value": 4}],
        )
        lines.append((customer, sub))
    return lines


def test_control_customers_get_no_offers_but_the_same_mandatory_visits(frozen, manager, supervisor):
    lines = _flagged(manager, 30)
    programme = programme_create(
        actor=supervisor,
        name="四季度离网关怀",
        month=MONTH,
        min_probability=0.5,
        control_share=0.3,
        budget=Decimal("5000"),
    )
    members = list(ProgrammeMember.objects.filter(programme=programme))
    control = [m for m in members if m.control]
    treated = [m for m in members if not m.control]
    assert len(members) == 30 and 3 <= len(control) <= 17 and treated
    assert all(m.action == "" for m in control) and all(m.action for m in treated)

    with pytest.raises(ValidationFailed) as refused:
        offer_make(
            actor=manager,
            customer=control[0].customer,
            member=control[0],
            kind="offer",
            description="话费八折",
            amount=Decimal("100"),
        )
    assert "member" in refused.value.errors

    for _customer, sub in lines:  # every flagged customer cancels a line
        event_add(sub, "cancellation", NOW - dt.timedelta(hours=1))
    events_process(now=NOW, result=RunResult())
    for m in members:
        alert = RiskAlert.objects.get(customer=m.customer)
        assert (
            alert.visit_required
            and Visit.objects.filter(pk=alert.visit_id, required_reason="retention").exists()
        )


def test_it_measures_the_save_rate_against_control_with_the_visit_as_evidence(
    frozen, manager, supervisor
):
    lines = _flagged(manager, 12)
    programme = programme_create(
        actor=supervisor,
        name="关怀",
        month=MONTH,
        min_probability=0.5,
        control_share=0.5,
        budget=Decimal("1000"),
    )
    for _customer, sub in lines:
        event_add(sub, "cancellation", NOW)
    events_process(now=NOW, result=RunResult())
    for m in ProgrammeMember.objects.filter(programme=programme):
        alert = RiskAlert.objects.get(customer=m.customer)
        Visit.objects.filter(pk=alert.visit_id).update(
            status="completed", completed_at=timezone.now()
        )
        outcome = "retained" if not m.control else "lost"
        alert_close(
            alert=alert, actor=manager, outcome=outcome, competitor="unicom", leaving_reason="价格"
        )
    rates = programme_measure(programme=programme)
    assert rates["treated"]["save_rate"] == 1.0 and rates["control"]["save_rate"] == 0.0
    assert rates["uplift"] == 1.0


def test_offers_stay_within_budget_and_respect_opt_out(frozen, manager, supervisor):
    _flagged(manager, 8)
    programme = programme_create(
        actor=supervisor,
        name="预算",
        month=MONTH,
        min_probability=0.5,
        control_share=0.0,
        budget=Decimal("150"),
    )
    first, second = list(ProgrammeMember.objects.filter(programme=programme))[:2]
    offer_make(
        actor=manager,
        customer=first.customer,
        member=first,
        kind="offer",
        description="A",
        amount=Decimal("100"),
    )
    with pytest.raises(ValidationFailed) as refused:
        offer_make(
            actor=manager,
            customer=second.customer,
            member=second,
            kind="offer",
            description="B",
            amount=Decimal("60"),
        )
    assert "amount" in refused.value.errors
    optout_record(actor=manager, customer=second.customer)
    with pytest.raises(ValidationFailed) as refused:
        offer_make(
            actor=manager,
            customer=second.customer,
            member=second,
            kind="offer",
            description="C",
            amount=Decimal("10"),
        )
    assert "customer" in refused.value.errors
