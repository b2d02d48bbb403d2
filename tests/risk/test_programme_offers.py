"""Offers made from the customer's risk page belong to the customer's running
programme: a control-group customer gets none (service care stays allowed), they are
charged to the programme's budget (a declined offer gives its amount back), and each
keeps the reasons behind it, which the customer may be shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.risk.models import ChurnModelVersion, Offer, ProgrammeMember, RiskScore
from kamdesk.risk.services.programme import programme_create, programme_spent
from tests.conftest import client_for
from tests.risk.factories import group_with_line

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 10, 1)
REASONS = [{"feature": "competitor_calls_3m", "contribution": 0.8, "value": 6}]


def _programme(manager, supervisor, *, n: int = 20, budget: str = "500"):  # noqa: ANN001, ANN202
    version = ChurnModelVersion.objects.create(
        version=1, source="test", blob=b"", is_active=True, threshold=0.5
    )
    for i in range(n):
        customer, _sub = group_with_line(manager=manager, name=f"关怀集团{i}")
        RiskScore.objects.create(
            customer=customer, month=MONTH, model=version, probability=0.8, flagged=True,
            reasons=REASONS,
        )  # fmt: skip
    programme = programme_create(
        actor=supervisor,
        name="十一月离网关怀",
        month=MONTH,
        min_probability=0.5,
        control_share=0.4,
        budget=Decimal(budget),
    )
    members = list(ProgrammeMember.objects.filter(programme=programme))
    control = next(m for m in members if m.control)
    treated = next(m for m in members if not m.control)
    return programme, control, treated


def _offer(manager, customer_id: int, kind: str = "offer", amount: str = "100"):  # noqa: ANN001, ANN202
    return client_for(manager).post(
        f"/risk/customers/{customer_id}/offer/",
        {"kind": kind, "description": "话费八折三个月", "amount": amount},
    )


def test_the_page_refuses_a_programme_offer_to_a_control_customer(frozen, manager, supervisor):
    _programme_row, control, _treated = _programme(manager, supervisor)
    answer = _offer(manager, control.customer_id)
    assert answer.status_code == 422
    assert not Offer.objects.filter(customer_id=control.customer_id).exists()
    care = _offer(manager, control.customer_id, kind="service_care", amount="0")
    assert care.status_code == 302
    assert Offer.objects.get(customer_id=control.customer_id).kind == "service_care"


def test_a_page_offer_is_charged_to_the_programme_budget(frozen, manager, supervisor):
    programme, _control, treated = _programme(manager, supervisor, budget="150")
    assert _offer(manager, treated.customer_id, amount="100").status_code == 302
    offer = Offer.objects.get(customer_id=treated.customer_id)
    assert offer.member == treated and programme_spent(programme=programme) == Decimal("100")
    over = _offer(manager, treated.customer_id, amount="60")
    assert over.status_code == 422 and "50.00" in over.content.decode()  # what is left
    assert Offer.objects.filter(customer_id=treated.customer_id).count() == 1

    declined = client_for(manager).post(f"/risk/offers/{offer.pk}/answer/", {"answer": "declined"})
    assert declined.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.decided_at is not None
    assert programme_spent(programme=programme) == Decimal("0")  # the amount is given back
    assert _offer(manager, treated.customer_id, amount="60").status_code == 302


def test_an_offer_is_answered_once(frozen, manager, supervisor):
    _programme_row, _control, treated = _programme(manager, supervisor)
    _offer(manager, treated.customer_id)
    offer = Offer.objects.get(customer_id=treated.customer_id)
    url = f"/risk/offers/{offer.pk}/answer/"
    assert client_for(manager).post(url, {"answer": "maybe"}).status_code == 422
    assert client_for(manager).post(url, {"answer": "accepted"}).status_code == 302
    assert client_for(manager).post(url, {"answer": "declined"}).status_code == 422
    offer.refresh_from_db()
    assert offer.status == "accepted"


def test_the_customer_can_be_shown_the_reasons_behind_an_offer(frozen, manager, supervisor):
    _programme_row, _control, treated = _programme(manager, supervisor)
    _offer(manager, treated.customer_id)
    offer = Offer.objects.get(customer_id=treated.customer_id)
    assert offer.reasons == REASONS  # kept as they were when the offer was made
    page = client_for(manager).get(f"/risk/offers/{offer.pk}/why/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "10010/10000/10099" in body and "话费八折三个月" in body
    assert "个人信息保护法" in body or "Art. 24" in body


def test_another_manager_cannot_see_or_answer_the_offer(frozen, manager, other_manager, supervisor):
    _programme_row, _control, treated = _programme(manager, supervisor)
    _offer(manager, treated.customer_id)
    offer = Offer.objects.get(customer_id=treated.customer_id)
    other = client_for(other_manager)
    assert other.get(f"/risk/offers/{offer.pk}/why/").status_code == 404
    assert other.post(f"/risk/offers/{offer.pk}/answer/", {"answer": "accepted"}).status_code == 404
