"""A back-office agent sees only their own department's steps, never an unmasked number,
and gets 404 for everything else (requests, other departments' steps, the API)."""

import pytest

from kamdesk.tickets.services.steps import step_add
from tests.conftest import api_client_for, client_for
from tests.factories import SubscriberFactory
from tests.tickets.conftest import open_request

NUMBER = "13951234567"
CONTACT_PHONE = "13700001111"


@pytest.fixture
def routed(frozen, manager, customer, contact, billing, network):
    line = SubscriberFactory(customer=customer, number=NUMBER)
    ticket = open_request(
        actor=manager,
        customer=customer,
        contact=contact,
        subscribers=[line],
        description=f"客户称 {NUMBER} 三月流量费多收，联系人 {CONTACT_PHONE}",
    )
    mine = step_add(
        ticket=ticket, actor=manager, department=billing, instructions=f"核对 {NUMBER} 三月账单"
    )
    theirs = step_add(
        ticket=ticket,
        actor=manager,
        department=network,
        instructions="查流量",
        placement="parallel",
    )
    return ticket, mine, theirs


def test_the_queue_shows_only_the_agents_department(routed, backoffice):
    ticket, mine, theirs = routed
    page = client_for(backoffice).get("/requests/queue/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/requests/steps/{mine.pk}/" in html
    assert f"/requests/steps/{theirs.pk}/" not in html


def test_the_step_page_masks_every_number(routed, backoffice):
    ticket, mine, _theirs = routed
    page = client_for(backoffice).get(f"/requests/steps/{mine.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert ticket.customer.name in html
    assert "139****4567" in html
    assert NUMBER not in html and CONTACT_PHONE not in html


def test_everything_else_is_not_found(routed, backoffice):
    ticket, _mine, theirs = routed
    agent = client_for(backoffice)
    assert agent.get(f"/requests/steps/{theirs.pk}/").status_code == 404
    assert agent.get(f"/requests/{ticket.pk}/").status_code == 404
    assert (
        agent.post(f"/requests/steps/{theirs.pk}/hand-back/", {"outcome": "x"}).status_code == 404
    )
    assert agent.get(f"/requests/customer/{ticket.customer_id}/").status_code == 404
    assert agent.get(f"/customers/{ticket.customer_id}/").status_code in (403, 404)


def test_the_api_answers_404_outside_the_department(routed, backoffice):
    ticket, mine, theirs = routed
    api = api_client_for(backoffice)
    assert api.get(f"/api/v1/requests/{ticket.pk}").status_code == 404
    assert api.get("/api/v1/requests").json() == {"items": [], "count": 0}
    other = api.post(
        f"/api/v1/requests/{ticket.pk}/steps/{theirs.pk}/hand-back",
        {"outcome": "x"},
        content_type="application/json",
    )
    assert other.status_code == 404
    own = api.post(
        f"/api/v1/requests/{ticket.pk}/steps/{mine.pk}/hand-back",
        {"outcome": f"已核对 {NUMBER}，退费 12 元"},
        content_type="application/json",
    )
    assert own.status_code == 200
    assert NUMBER not in own.content.decode()


def test_the_agent_hands_back_from_the_step_page(routed, backoffice, manager):
    ticket, mine, _theirs = routed
    agent = client_for(backoffice)
    assert agent.post(f"/requests/steps/{mine.pk}/take/").status_code == 302
    answer = agent.post(f"/requests/steps/{mine.pk}/hand-back/", {"outcome": "已退费"})
    assert answer.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "done" and mine.assignee == backoffice
    page = client_for(manager).get(f"/requests/{ticket.pk}/")
    assert "已退费" in page.content.decode()
