"""The visit page offers "Make it a commitment" and "Create an order" only where those
capabilities are installed, without the visits app importing them."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from kamdesk.customers.panels import panels_for
from kamdesk.visits.services import raised_need_add
from kamdesk.visits.templatetags.visits import url_exists
from tests.conftest import client_for
from tests.visits.factories import VisitFactory


def _reversible(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def test_the_actions_show_exactly_when_their_urls_exist(frozen, manager, customer):
    visit = VisitFactory(customer=customer, kind="service_day")
    need = raised_need_add(visit=visit, actor=manager, description="希望季度账单分析")
    page = client_for(manager).get(f"/visits/{visit.pk}/").content.decode()
    commitment_url = _reversible("commitments:from_need", need.pk)
    order_url = _reversible("orders:from_visit", visit.pk)
    assert (commitment_url is not None) == (
        'class="btn btn-sm btn-outline-secondary mt-1 kd-make-commitment"' in page
    )
    assert (order_url is not None) == ('id="create-order"' in page)
    if commitment_url:
        assert f'href="{commitment_url}"' in page
    if order_url:
        assert f'href="{order_url}"' in page


def test_url_exists_answers_for_names_that_take_an_id_and_for_unknown_names(db):
    assert url_exists("visits:detail") is True
    assert url_exists("visits:calendar") is True
    assert url_exists("nowhere:nothing") is False


def test_the_visits_panel_is_on_the_360_page(frozen, manager, customer):
    slots = panels_for(user=manager, customer_id=customer.pk)["main"]
    assert f"/visits/customer/{customer.pk}/" in [s.url for s in slots if s.key == "visits"]
