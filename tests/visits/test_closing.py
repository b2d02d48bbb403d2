"""Closing a visit: nothing raised is lost, and a problem-solving visit is signed or
the customer's refusal is recorded."""

from __future__ import annotations

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.tickets.models import Category, Ticket
from kamdesk.visits.models import NeedDisposition, VisitStatus
from kamdesk.visits.services import (
    raised_need_add,
    raised_need_dispose,
    raised_need_to_request,
    visit_complete,
    visit_record_save,
    visit_sign,
)
from tests.conftest import client_for
from tests.visits.factories import VisitFactory, png_data_url


@pytest.fixture
def visit(frozen, customer):
    return VisitFactory(customer=customer, discussion="讨论专线扩容。")


def test_a_visit_cannot_close_while_a_raised_need_has_no_disposition(visit, manager):
    need = raised_need_add(visit=visit, actor=manager, description="专线带宽不足")
    with pytest.raises(ValidationFailed) as error:
        visit_complete(visit=visit, actor=manager)
    assert "needs" in error.value.errors
    raised_need_dispose(need=need, actor=manager, disposition="no_action", reason="客户自行扩容")
    assert visit_complete(visit=visit, actor=manager).status == VisitStatus.COMPLETED


def test_the_page_says_why_the_visit_cannot_close(visit, manager):
    raised_need_add(visit=visit, actor=manager, description="专线带宽不足")
    response = client_for(manager).post(f"/visits/{visit.pk}/complete/")
    assert response.status_code == 422
    assert "未处置" in response.content.decode()  # "have no disposition yet"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_a_problem_solving_visit_cannot_close_without_a_signature_or_a_reason(visit, manager):
    visit_record_save(visit=visit, actor=manager, data={"resolves_problem": True})
    with pytest.raises(ValidationFailed) as error:
        visit_complete(visit=visit, actor=manager)
    assert "signature" in error.value.errors
    visit_record_save(
        visit=visit, actor=manager, data={"signature_declined_reason": "客户负责人出差，拒绝代签"}
    )
    assert visit_complete(visit=visit, actor=manager).status == VisitStatus.COMPLETED


def test_a_problem_solving_visit_closes_with_a_signature_over_the_current_record(visit, manager):
    visit_record_save(visit=visit, actor=manager, data={"resolves_problem": True})
    visit_sign(
        visit=visit,
        actor=manager,
        signer_name="王敏",
        signer_title="主任",
        image_data_url=png_data_url(),
    )
    visit_record_save(visit=visit, actor=manager, data={"next_steps": "下周回访"})
    with pytest.raises(ValidationFailed) as error:
        visit_complete(visit=visit, actor=manager)
    assert "重新签字" in error.value.errors["signature"][0]  # "must sign again"
    visit_sign(
        visit=visit,
        actor=manager,
        signer_name="王敏",
        signer_title="主任",
        image_data_url=png_data_url(),
    )
    assert visit_complete(visit=visit, actor=manager).status == VisitStatus.COMPLETED


def test_no_action_needs_a_reason_and_a_request_needs_the_request(visit, manager):
    need = raised_need_add(visit=visit, actor=manager, description="账单看不懂")
    with pytest.raises(ValidationFailed) as error:
        raised_need_dispose(need=need, actor=manager, disposition="no_action")
    assert "disposition_reason" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        raised_need_dispose(need=need, actor=manager, disposition="request")
    assert "ticket" in error.value.errors


def test_a_need_disposed_as_a_request_opens_the_request(visit, manager, customer):
    need = raised_need_add(visit=visit, actor=manager, description="会议室 5G 无法接入")
    category = Category.objects.filter(is_active=True).first()
    need = raised_need_to_request(need=need, actor=manager, category=category)
    ticket = Ticket.objects.get(pk=need.ticket_id)
    assert need.disposition == NeedDisposition.REQUEST
    assert ticket.customer == customer and ticket.channel == "visit"
    assert ticket.title == "会议室 5G 无法接入"
    with pytest.raises(ValidationFailed):
        raised_need_dispose(need=need, actor=manager, disposition="no_action", reason="重复")


def test_the_commitments_capability_can_dispose_of_a_need(visit, manager):
    need = raised_need_add(visit=visit, actor=manager, description="希望季度账单分析")
    need = raised_need_dispose(
        need=need, actor=manager, disposition="commitment", reason="承诺每季度提供"
    )
    assert need.disposition == NeedDisposition.COMMITMENT and need.disposed_by == manager
