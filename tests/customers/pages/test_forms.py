"""Creating and editing customers: the service's rules, shown next to each field."""

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Customer
from tests.conftest import client_for
from tests.factories import CustomerFactory, UserFactory, make_resident_id, make_uscc

pytestmark = pytest.mark.django_db

NEW = "/customers/new/"


def group_data(**overrides):
    data = {
        "code": "G0000001",
        "kind": "group",
        "name": "南京新能源科技有限公司",
        "uscc": make_uscc(424242),
        "grade": "B",
        "status": "active",
        "region": "南京市",
        "manager": "manager_a",
    }
    return data | overrides


def test_it_creates_a_customer_and_opens_its_page(supervisor, manager):
    response = client_for(supervisor).post(NEW, group_data())
    customer = Customer.objects.get(code="G0000001")
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    assert customer.manager == manager and customer.name_initials == "njxnykjyxgs"


def test_it_shows_a_bad_uscc_next_to_the_field_and_writes_nothing(supervisor, manager):
    response = client_for(supervisor).post(NEW, group_data(uscc="91110108000000001X"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码" in html  # the field label, in Chinese by default
    assert 'class="invalid-feedback d-block"' in html
    assert 'aria-invalid="true"' in html
    assert not Customer.objects.filter(code="G0000001").exists()
    assert not AuditEvent.objects.filter(action="customer.created").exists()


def test_it_puts_a_managers_new_customer_in_their_own_portfolio(manager, other_manager):
    client_for(manager).post(NEW, group_data(manager=other_manager.username))
    assert Customer.objects.get(code="G0000001").manager == manager


def test_it_lets_a_manager_edit_their_customer_but_not_reassign_it(manager, other_manager):
    customer = CustomerFactory(manager=manager, name="旧名称集团")
    data = group_data(
        code=customer.code,
        name="新名称集团",
        uscc=customer.uscc,
        grade="A",
        manager=other_manager.username,
    )
    response = client_for(manager).post(f"/customers/{customer.pk}/edit/", data)
    customer.refresh_from_db()
    assert response.status_code == 302
    assert customer.name == "新名称集团" and customer.manager == manager


def test_it_lets_a_supervisor_reassign_the_manager(supervisor, manager):
    other = UserFactory(username="manager_c", role="manager", team=manager.team)
    customer = CustomerFactory(manager=manager)
    data = group_data(code=customer.code, uscc=customer.uscc, grade="A", manager=other.username)
    client_for(supervisor).post(f"/customers/{customer.pk}/edit/", data)
    customer.refresh_from_db()
    assert customer.manager == other


def test_it_keeps_the_identity_number_when_left_blank(manager):
    number = make_resident_id(42)
    customer = CustomerFactory(
        manager=manager, kind="individual", uscc="", id_type="resident_id", id_number=number
    )
    page = client_for(manager).get(f"/customers/{customer.pk}/edit/").content.decode()
    assert number not in page
    data = {
        "kind": "individual",
        "name": "改名的贵宾",
        "id_type": "resident_id",
        "id_number": "",
        "grade": "gold",
        "status": "active",
    }
    response = client_for(manager).post(f"/customers/{customer.pk}/edit/", data)
    customer.refresh_from_db()
    assert response.status_code == 302
    assert customer.name == "改名的贵宾" and customer.id_number == number


def test_it_refuses_the_forms_to_roles_that_cannot_change_customers(backoffice):
    assert client_for(backoffice).get(NEW).status_code == 403
