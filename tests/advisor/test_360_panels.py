"""The customer 360 page lazy-loads the adviser's and the knowledge base's panels for
those who may see them."""

import pytest

from tests.conftest import client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_places_the_advice_and_knowledge_panels_on_the_360_page(manager):
    customer = CustomerFactory(manager=manager)
    page = client_for(manager).get(f"/customers/{customer.pk}/").content.decode()
    assert f'hx-get="/advisor/customer/{customer.pk}/"' in page
    assert f'hx-get="/knowledge/customer/{customer.pk}/"' in page


def test_it_refuses_the_panel_to_roles_without_advice(sysadmin):
    customer = CustomerFactory()
    client = client_for(sysadmin)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "/advisor/customer/" not in page
    answer = client.get(f"/advisor/customer/{customer.pk}/")
    assert answer.status_code == 404 and customer.name.encode() not in answer.content
