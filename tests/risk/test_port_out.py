"""A port-out code request creates a mandatory retention visit within the deadline and
blocks offers for that subscriber (service care stays allowed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.risk.models import Offer, RiskAlert
from kamdesk.risk.services.detect import RunResult, events_process
from kamdesk.risk.services.programme import offer_make
from kamdesk.visits.models import Visit
from tests.conftest import client_for
from tests.risk.conftest import NOW
from tests.risk.factories import event_add, group_with_line, history_add

pytestmark = pytest.mark.django_db


def _port_out(manager):  # noqa: ANN001, ANN202
    customer, sub = group_with_line(manager=manager, grade_code="A")
    history_add(customer, [2000, 2000, 2100, 1900, 2000, 2000], last=dt.date(2026, 10, 1))
    event_add(sub, "port_out_code_requested", NOW - dt.timedelta(hours=2), "SMS 'SQXH' to 10086")
    events_process(now=NOW, result=RunResult())
    return customer, sub


def test_it_opens_an_on_site_retention_visit_due_within_48_hours(frozen, manager):
    customer, sub = _port_out(manager)
    alert = RiskAlert.objects.get(customer=customer)
    assert alert.trigger == "port_out_code_requested" and alert.subscriber == sub
    assert alert.visit_required and alert.on_site
    assert alert.due_at <= NOW + dt.timedelta(hours=48)
    visit = Visit.objects.get(pk=alert.visit_id)
    assert visit.required_reason == "retention" and visit.manager == manager
    assert visit.due_by <= (NOW + dt.timedelta(hours=48)).date() + dt.timedelta(days=1)
    assert visit.status == "planned"


def test_it_blocks_offers_for_the_porting_subscriber_but_allows_service_care(frozen, manager):
    customer, sub = _port_out(manager)
    with pytest.raises(ValidationFailed) as refused:
        offer_make(
            actor=manager,
            customer=customer,
            subscriber=sub,
            kind="offer",
            description="话费八折",
            amount=Decimal("100"),
        )
    message = refused.value.errors["subscriber"][0]  # the default language is Chinese
    assert "携号转网授权码" in message and "服务关怀" in message
    with pytest.raises(ValidationFailed):
        offer_make(
            actor=manager,
            customer=customer,
            subscriber=sub,
            kind="plan_optimisation",
            description="换套餐",
        )
    care = offer_make(
        actor=manager,
        customer=customer,
        subscriber=sub,
        kind="service_care",
        description="了解原因，排查信号故障",
    )
    assert Offer.objects.filter(pk=care.pk).exists()


def test_it_says_why_on_the_screen(frozen, manager):
    customer, sub = _port_out(manager)
    page = client_for(manager).post(
        f"/risk/customers/{customer.pk}/offer/",
        {"kind": "offer", "subscriber": sub.pk, "description": "送流量", "amount": "50"},
    )
    assert page.status_code == 422
    body = page.content.decode()
    assert "service care" in body.lower() or "服务关怀" in body
    assert not Offer.objects.filter(customer=customer).exists()


def test_it_lifts_the_block_after_the_port_out_window(frozen, manager):
    customer, sub = _port_out(manager)
    frozen.move_to(NOW + dt.timedelta(days=31))
    offer = offer_make(
        actor=manager,
        customer=customer,
        subscriber=sub,
        kind="offer",
        description="话费八折",
        amount=Decimal("100"),
    )
    assert offer.pk
