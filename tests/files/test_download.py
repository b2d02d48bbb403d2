"""A file is served only through a permission-checked view, and every download is
written to the audit trail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kamdesk.audit.models import AuditEvent
from kamdesk.files.services import file_store
from kamdesk.tickets.services.steps import step_add
from tests.conftest import client_for
from tests.factories import CustomerFactory, DepartmentFactory, UserFactory, grade
from tests.tickets.conftest import open_request


@pytest.fixture
def attached(manager, private_storage):
    ticket = open_request(
        actor=manager, customer=CustomerFactory(manager=manager, grade=grade("B"))
    )
    row = file_store(
        upload=SimpleUploadedFile("bill.pdf", b"%PDF-1.4 bill"),
        owner_kind="request",
        owner_id=ticket.pk,
        actor=manager,
        customer_id=ticket.customer_id,
    )
    return ticket, row


def test_the_manager_downloads_and_it_is_audited(attached, manager):
    ticket, row = attached
    answer = client_for(manager).get(f"/files/{row.pk}/")
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == b"%PDF-1.4 bill"
    assert "attachment" in answer["Content-Disposition"]
    event = AuditEvent.objects.get(action="file.downloaded")
    assert event.actor == manager and event.customer_id == ticket.customer_id


def test_others_get_404_and_nothing_is_served(attached, other_manager, backoffice):
    _ticket, row = attached
    for user in (other_manager, backoffice):
        assert client_for(user).get(f"/files/{row.pk}/").status_code == 404
    assert (
        client_for(other_manager).get("/files/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="file.downloaded").exists()


def test_an_agent_with_a_step_on_the_request_may_download(attached, manager, backoffice):
    ticket, row = attached
    step_add(
        ticket=ticket,
        actor=manager,
        department=backoffice.department,
        instructions="核对附件中的账单",
    )
    assert client_for(backoffice).get(f"/files/{row.pk}/").status_code == 200
    other = UserFactory(role="backoffice", department=DepartmentFactory(code="network"))
    assert client_for(other).get(f"/files/{row.pk}/").status_code == 404


def test_it_is_not_reachable_without_signing_in(attached, client):
    _ticket, row = attached
    answer = client.get(f"/files/{row.pk}/")
    assert answer.status_code == 302 and "/login" in answer["Location"]
