"""Satisfaction is measured independently: the system sends the contact a one-question
survey when the request is resolved; only the contact answers it, once, through a
signed link; the manager cannot write or change it; silence is recorded as such."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from kamdesk.notifications.models import OutboundMessage
from kamdesk.tickets.models import EventKind, Survey, SurveyStatus
from kamdesk.tickets.services.sweep import sla_sweep
from kamdesk.tickets.services.tickets import ticket_set_status
from tests.conftest import api_client_for, client_for
from tests.factories import ContactFactory
from tests.tickets.conftest import open_request


@pytest.fixture
def resolved(frozen, manager, customer, contact, django_capture_on_commit_callbacks):
    ticket = open_request(actor=manager, customer=customer, contact=contact)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_set_status(
            ticket=ticket, actor=manager, status="resolved", resolution="已退还多收的费用"
        )
    return ticket


def _link(message) -> str:
    return re.search(r"http://\S+/survey/\S+/", message.body).group(0)


def test_the_system_emails_the_contact_a_survey(resolved, contact):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [contact.email] and resolved.number in message.subject
    survey = Survey.objects.get(ticket=resolved)
    assert survey.status == SurveyStatus.SENT and survey.channel == "email"
    assert resolved.events.filter(kind=EventKind.SURVEY_SENT).count() == 1


def test_the_contact_answers_once_through_the_link(resolved):
    path = _link(mail.outbox[0]).split("127.0.0.1:8000", 1)[1]
    customer = Client()
    assert customer.get(path).status_code == 200
    answer = customer.post(path, {"score": "4", "comment": "处理及时"})
    assert answer.status_code == 200 and 'id="survey-thanks"' in answer.content.decode()
    survey = Survey.objects.get(ticket=resolved)
    assert (survey.status, survey.score, survey.comment) == ("answered", 4, "处理及时")
    customer.post(path, {"score": "1"})
    survey.refresh_from_db()
    assert survey.score == 4  # the link answers once


def test_the_manager_cannot_write_the_answer(resolved, manager):
    path = _link(mail.outbox[0]).split("127.0.0.1:8000", 1)[1]
    answer = client_for(manager).post(path, {"score": "5"})
    assert answer.status_code == 403
    survey = Survey.objects.get(ticket=resolved)
    assert survey.score is None and survey.status == SurveyStatus.SENT
    # Nor through the API: no operation takes a score, and the detail is read-only.
    document = api_client_for(manager).get("/api/v1/openapi.json").json()
    bodies = [
        op.get("requestBody", {})
        for path_ops in document["paths"].values()
        for op in path_ops.values()
    ]
    assert "score" not in str(bodies)
    assert client_for(manager).get("/survey/forged-token/").status_code == 404


def test_silence_is_recorded_as_no_response(resolved, settings):
    survey = Survey.objects.get(ticket=resolved)
    sla_sweep(now=survey.expires_at - dt.timedelta(minutes=1))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.SENT
    sla_sweep(now=survey.expires_at)
    sla_sweep(now=survey.expires_at + dt.timedelta(days=1))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.NO_RESPONSE
    assert resolved.events.filter(kind=EventKind.SURVEY_NO_RESPONSE).count() == 1
    path = _link(mail.outbox[0]).split("127.0.0.1:8000", 1)[1]
    Client().post(path, {"score": "5"})
    survey.refresh_from_db()
    assert survey.score is None


def test_a_contact_without_email_answers_through_the_sms_link(
    frozen, manager, customer, settings, django_capture_on_commit_callbacks
):
    from kamdesk.notifications.outbox import outbox_retry_due
    from tests.notifications.sms_gateway import sms_gateway

    phone_only = ContactFactory(customer=customer, name="孙经理", phone="13655556666", email="")
    ticket = open_request(actor=manager, customer=customer, contact=phone_only)
    with sms_gateway(settings) as gateway:
        gateway.answers = [503]  # the gateway is down when the request is resolved
        with django_capture_on_commit_callbacks(execute=True):
            ticket_set_status(ticket=ticket, actor=manager, status="resolved", resolution="已处理")
        frozen.shift(dt.timedelta(minutes=5))
        outbox_retry_due()
    sms = OutboundMessage.objects.get(channel="sms")
    assert (sms.recipient, sms.status, sms.attempts) == ("13655556666", "sent", 2)
    # Both attempts carried the same idempotency key: the contact gets one SMS.
    assert {r["key"] for r in gateway.received} == {f"kamdesk-sms-{sms.pk}"}
    text = gateway.received[-1]["text"]
    assert gateway.received[-1]["to"] == "13655556666" and ticket.number in text
    path = re.search(r"http://\S+/survey/\S+/", text).group(0).split("127.0.0.1:8000", 1)[1]
    assert Client().post(path, {"score": "3"}).status_code == 200
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.channel, survey.status, survey.score) == ("sms", "answered", 3)
