"""Creating a customer over the API: the import columns, the same validation as pages."""

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Customer
from tests.conftest import api_client_for
from tests.factories import make_resident_id, make_uscc

pytestmark = pytest.mark.django_db


def _post(user, body):
    return api_client_for(user).post("/api/v1/customers", body, content_type="application/json")


def test_it_creates_a_group_customer_and_answers_201(manager):
    answer = _post(
        manager,
        {
            "code": "G0001",
            "kind": "group",
            "name": "南京地铁集团有限公司",
            "uscc": make_uscc(777),
            "grade": "A",
            "latitude": 32.04,
            "longitude": "118.78",
        },
    )
    assert answer.status_code == 201
    body = answer.json()
    customer = Customer.objects.get(code="G0001")
    assert body["id"] == customer.pk
    assert body["manager"] == "manager_a"
    assert body["latitude"] == "32.040000"
    assert body["monthly_revenue"] == "0.00"
    assert AuditEvent.objects.filter(action="customer.created", customer_id=customer.pk).exists()


def test_it_refuses_a_bad_uscc_with_a_message_on_uscc_and_stores_nothing(manager):
    bad = make_uscc(777)[:-1] + ("0" if make_uscc(777)[-1] != "0" else "1")
    answer = _post(
        manager, {"code": "G0002", "kind": "group", "name": "坏码公司", "uscc": bad, "grade": "A"}
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["uscc"]
    assert len(answer.json()["errors"]["uscc"]) == 1
    assert not Customer.objects.filter(code="G0002").exists()


def test_it_reports_each_missing_field_once(manager):
    answer = _post(manager, {"kind": "group"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert {"code", "name", "grade"} <= set(errors)
    assert all(len(messages) == 1 for messages in errors.values())
    assert Customer.objects.count() == 0


def test_it_creates_an_individual_and_answers_the_identity_number_masked(manager):
    id_number = make_resident_id(12)
    answer = _post(
        manager,
        {
            "code": "V0001",
            "kind": "individual",
            "name": "王五",
            "id_type": "resident_id",
            "id_number": id_number,
            "grade": "gold",
        },
    )
    assert answer.status_code == 201
    assert answer.json()["id_number_masked"] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert id_number not in answer.content.decode()
