"""Refusals are written to the trail even when the request's transaction rolls back."""

import pytest
from django.db import transaction
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from kamdesk.audit.context import AuditContextMiddleware
from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_refusal
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def refused(**filters):
    return AuditEvent.objects.filter(action="access.refused", **filters)


def test_it_keeps_a_refusal_whose_transaction_rolled_back(manager, other_manager):
    foreign = CustomerFactory(manager=other_manager)

    def view(request):
        try:
            with transaction.atomic():
                CustomerFactory(manager=manager, name="rolled back")
                audit_refusal(
                    actor=manager,
                    data_kind="call_record",
                    target_type="customers.customer",
                    target_id=foreign.pk,
                    customer_id=foreign.pk,
                )
                raise Http404
        except Http404:
            return HttpResponse(status=404)

    request = RequestFactory().get("/x", REMOTE_ADDR="10.1.2.3")
    response = AuditContextMiddleware(view)(request)

    assert response.status_code == 404
    event = refused().get()
    assert (event.actor, event.customer_id, event.ip) == (manager, foreign.pk, "10.1.2.3")
    assert event.extra == {"data_kind": "call_record"}
    assert not CustomerFactory._meta.model.objects.filter(name="rolled back").exists()


def test_it_writes_a_refusal_at_once_outside_a_transaction(manager):
    audit_refusal(
        actor=manager, data_kind="profile", target_type="customers.customer", target_id=42
    )
    assert refused(target_id="42").count() == 1


def test_it_records_a_refused_page_of_the_audit_trail(manager):
    from tests.conftest import client_for

    response = client_for(manager).get("/audit/", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 404
    event = refused().get()
    assert (event.actor, event.extra["data_kind"], event.ip) == (manager, "audit", "10.9.8.7")
