"""A commitment is made in one click from a visit's raised need or from a request."""

import datetime as dt

from kamdesk.commitments.models import Commitment
from tests.commitments.conftest import TODAY
from tests.commitments.factories import visit_with_need
from tests.conftest import client_for
from tests.tickets.conftest import open_request


def test_it_turns_a_visit_need_into_a_commitment(frozen, manager, customer):
    visit, need = visit_with_need(customer=customer, manager=manager)
    client = client_for(manager)

    form = client.get(f"/commitments/from-need/{need.pk}/")
    due = TODAY + dt.timedelta(days=7)
    made = client.post(
        f"/commitments/from-need/{need.pk}/", {"title": need.description, "due_on": due.isoformat()}
    )

    assert form.status_code == 200 and need.description in form.content.decode()
    c = Commitment.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/commitments/{c.pk}/"
    assert (c.source_kind, c.source_need, c.due_on, c.owner) == ("visit_need", need, due, manager)
    need.refresh_from_db()
    assert need.disposition == "commitment"
    detail = client.get(f"/commitments/{c.pk}/").content.decode()
    assert f'id="source-visit" href="/visits/{visit.pk}/"' in detail


def test_a_need_is_turned_into_a_commitment_once(frozen, manager, customer):
    _visit, need = visit_with_need(customer=customer, manager=manager)
    client = client_for(manager)
    data = {"title": "室分覆盖方案", "due_on": "2026-12-02"}
    client.post(f"/commitments/from-need/{need.pk}/", data)

    again = client.post(f"/commitments/from-need/{need.pk}/", data)

    assert again.status_code == 422
    assert Commitment.objects.count() == 1


def test_another_managers_need_is_not_found(frozen, manager, other_manager, customer):
    _visit, need = visit_with_need(customer=customer, manager=manager)

    answer = client_for(other_manager).get(f"/commitments/from-need/{need.pk}/")

    assert answer.status_code == 404


def test_it_turns_a_request_into_a_commitment(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)
    client = client_for(manager)

    page = client.get(f"/commitments/from-request/{ticket.pk}/")
    made = client.post(
        f"/commitments/from-request/{ticket.pk}/",
        {"title": page.context["form"].initial["title"], "due_on": "2026-11-30"},
    )

    c = Commitment.objects.get()
    assert made.status_code == 302
    assert (c.source_kind, c.source_ticket, c.source_ref) == ("request", ticket, ticket.number)
    assert ticket.number in c.title


def test_the_request_page_offers_the_one_click(frozen, manager, customer):
    ticket = open_request(actor=manager, customer=customer)

    page = client_for(manager).get(f"/requests/{ticket.pk}/").content.decode()

    assert f"/commitments/from-request/{ticket.pk}/" in page
