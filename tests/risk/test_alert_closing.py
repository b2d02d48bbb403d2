"""An alert cannot close without an outcome or a dismissal reason; it closes with the
outcome of its completed retention visit; lost customers enter the win-back list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kamdesk.audit.models import AuditEvent
from kamdesk.core.errors import ValidationFailed
from kamdesk.risk.models import RiskAlert
from kamdesk.risk.selectors import winback_list
from kamdesk.risk.services.alerts import alert_close, alert_dismiss, alert_open
from kamdesk.visits.models import Visit
from tests.conftest import client_for
from tests.risk.factories import group_with_line

pytestmark = pytest.mark.django_db


def _alert(manager):  # noqa: ANN001, ANN202
    customer, sub = group_with_line(manager=manager)
    alert, _ = alert_open(
        customer=customer, trigger="cancellation", source_ref="event:X1", subscriber=sub
    )
    return alert


def _visit_done(alert: RiskAlert) -> None:
    # The visits capability records the visit; here its outcome is set directly.
    Visit.objects.filter(pk=alert.visit_id).update(status="completed", completed_at=timezone.now())


def test_it_refuses_to_close_without_an_outcome(frozen, manager):
    alert = _alert(manager)
    _visit_done(alert)
    with pytest.raises(ValidationFailed) as refused:
        alert_close(alert=alert, actor=manager, outcome="")
    assert "outcome" in refused.value.errors
    alert.refresh_from_db()
    assert alert.status == "open"


def test_it_refuses_to_close_before_the_retention_visit_is_recorded(frozen, manager):
    alert = _alert(manager)
    with pytest.raises(ValidationFailed) as refused:
        alert_close(alert=alert, actor=manager, outcome="retained")
    assert "visit" in refused.value.errors
    _visit_done(alert)
    assert alert_close(alert=alert, actor=manager, outcome="retained").status == "closed"


def test_it_refuses_to_dismiss_without_a_reason(frozen, manager):
    alert = _alert(manager)
    with pytest.raises(ValidationFailed) as refused:
        alert_dismiss(alert=alert, actor=manager, reason="   ")
    assert "reason" in refused.value.errors
    done = alert_dismiss(alert=alert, actor=manager, reason="号码转给集团内另一部门使用")
    assert done.status == "dismissed"
    assert AuditEvent.objects.filter(action="risk.alert.dismissed").count() == 1


def test_the_database_refuses_a_closed_alert_without_an_outcome(frozen, manager):
    alert = _alert(manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAlert.objects.filter(pk=alert.pk).update(status="closed", outcome="")


def test_a_lost_customer_needs_the_competitor_and_reason_and_enters_win_back(frozen, manager):
    alert = _alert(manager)
    _visit_done(alert)
    with pytest.raises(ValidationFailed) as refused:
        alert_close(alert=alert, actor=manager, outcome="lost")
    assert {"competitor", "leaving_reason"} <= set(refused.value.errors)
    alert_close(
        alert=alert,
        actor=manager,
        outcome="lost",
        competitor="telecom",
        leaving_reason="对方专线价格低30%",
    )
    assert list(winback_list(user=manager)) == [alert]


def test_the_page_refuses_a_dismissal_without_reason(frozen, manager):
    alert = _alert(manager)
    answer = client_for(manager).post(f"/risk/alerts/{alert.pk}/dismiss/", {"reason": ""})
    assert answer.status_code == 422
    alert.refresh_from_db()
    assert alert.status == "open"
    due = alert.due_at
    assert due is not None and due - alert.created_at <= dt.timedelta(hours=48, seconds=1)


def test_an_alert_whose_visit_could_not_be_made_closes_only_by_dismissal(frozen, manager):
    customer, sub = group_with_line(manager=manager)
    customer.manager = None
    customer.save(update_fields=["manager"])
    alert, _ = alert_open(
        customer=customer, trigger="cancellation", source_ref="event:X2", subscriber=sub
    )
    assert alert.visit_required and alert.visit_id is None  # no manager: no visit yet
    with pytest.raises(ValidationFailed) as refused:
        alert_close(alert=alert, actor=manager, outcome="retained")
    assert "visit" in refused.value.errors
    assert alert_dismiss(alert=alert, actor=manager, reason="客户已转给新经理跟进").status == (
        "dismissed"
    )
