"""The scorecard KPI provider: the share of managers holding the yearly certification."""

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.learning.kpis import compute, records
from kamdesk.learning.models import Certification, ManagerCertification
from kamdesk.scorecards.kpis import Scope
from kamdesk.scorecards.period import Period

pytestmark = pytest.mark.django_db


def test_it_counts_managers_certified_at_the_period_end(manager, other_manager):
    ethics = Certification.objects.create(
        code="ethics", name="职业道德与保密", required_yearly=True
    )
    ManagerCertification.objects.create(
        user=manager,
        certification=ethics,
        issued_on=dt.date(2026, 1, 5),
        expires_on=dt.date(2027, 1, 5),
    )
    ManagerCertification.objects.create(
        user=other_manager,
        certification=ethics,
        issued_on=dt.date(2025, 1, 5),
        expires_on=dt.date(2026, 1, 5),
    )
    scope = Scope(kind="province", id=None, label="全省", manager_ids=None)
    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert compute(scope, november).value == Decimal("50.00")
    rows = {r.label: r for r in records(scope, november)}
    assert rows[str(other_manager)].detail == "职业道德与保密"
    mine = Scope(kind="manager", id=manager.pk, label="", manager_ids=(manager.pk,))
    assert compute(mine, november).value == Decimal("100.00")
