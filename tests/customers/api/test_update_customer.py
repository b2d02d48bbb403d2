"""Changing a customer over the API: only the fields sent, and only with the right."""

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.users.models import PermissionRule
from kamdesk.users.permissions import clear_cache
from tests.conftest import api_client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _patch(user, customer, body):
    return api_client_for(user).patch(
        f"/api/v1/customers/{customer.pk}", body, content_type="application/json"
    )


def test_it_changes_only_the_fields_sent(manager):
    customer = CustomerFactory(manager=manager, industry="金融", region="南京市")
    answer = _patch(manager, customer, {"industry": "交通运输"})
    assert answer.status_code == 200
    assert answer.json()["industry"] == "交通运输"
    customer.refresh_from_db()
    assert (customer.industry, customer.region) == ("交通运输", "南京市")
    event = AuditEvent.objects.get(action="customer.updated", customer_id=customer.pk)
    assert event.extra["changed"] == ["industry"]


def test_it_refuses_a_bad_value_with_a_message_on_that_field(manager):
    customer = CustomerFactory(manager=manager)
    answer = _patch(manager, customer, {"grade": "gold"})
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["grade"]
    customer.refresh_from_db()
    assert customer.grade.code == "A"


def test_it_answers_403_to_a_role_that_may_not_change_profiles(manager):
    PermissionRule.objects.filter(role="manager", data_kind="profile", action="change").delete()
    clear_cache()
    customer = CustomerFactory(manager=manager, industry="金融")
    answer = _patch(manager, customer, {"industry": "交通运输"})
    assert answer.status_code == 403
    customer.refresh_from_db()
    assert customer.industry == "金融"
