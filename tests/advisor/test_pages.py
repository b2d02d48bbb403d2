"""The adviser's pages: the 360 panel, an optimisation, opportunities and proposals,
scoped to the manager's customers."""

import datetime as dt

import pytest
import time_machine

from kamdesk.advisor.models import Opportunity, Proposal
from kamdesk.advisor.services import optimisation_run
from kamdesk.advisor.services_opportunities import opportunities_scan
from kamdesk.customers.models import Interaction
from kamdesk.notifications.models import OutboundMessage
from tests.advisor.factories import GB, MONTHS, TODAY, line, plan, usage
from tests.conftest import client_for
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def customer(manager):
    old = plan("OLD0128", "128", minutes=500, gb=30)
    plan("P0058", "58", minutes=300, gb=10)
    customer = CustomerFactory(manager=manager, name="南京页面测试有限公司")
    for _ in range(3):
        subscriber = line(customer, old)
        for month in MONTHS[-3:]:
            usage(subscriber, month, minutes=100, mb=12 * GB, data_fen=600, total_fen=13400)
    return customer


@time_machine.travel(NOON, tick=False)
def test_it_shows_the_advice_panel_and_runs_an_optimisation_from_it(manager, customer):
    client = client_for(manager)
    panel = client.get(f"/advisor/customer/{customer.pk}/")
    assert panel.status_code == 200 and "run-optimisation" in panel.content.decode()

    answer = client.post(f"/advisor/customer/{customer.pk}/optimise/", {"months": "3"})

    assert answer.status_code == 302
    page = client.get(answer["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "P0058" in text and "¥" in text
    panel = client.get(f"/advisor/customer/{customer.pk}/").content.decode()
    assert "advice-figures" in panel


@time_machine.travel(NOON, tick=False)
def test_it_hides_another_managers_customer_advice(other_manager, customer):
    client = client_for(other_manager)
    assert client.get(f"/advisor/customer/{customer.pk}/").status_code == 404
    run = optimisation_run(actor=None, customer=customer, today=TODAY, months=3)
    assert client.get(f"/advisor/optimisations/{run.pk}/").status_code == 404


@time_machine.travel(NOON, tick=False)
def test_it_decides_opportunities_and_sends_a_consented_message(manager, customer):
    opportunities_scan(customer=customer, today=TODAY)
    opportunity = Opportunity.objects.get(customer=customer, rule="heavy_data")
    consenting = ContactFactory(customer=customer, consent_marketing=True, phone="13912345678")
    refusing = ContactFactory(customer=customer, consent_marketing=False, phone="13912345679")
    client = client_for(manager)

    assert "opportunities" in client.get("/advisor/").content.decode()
    client.post(
        f"/advisor/opportunities/{opportunity.pk}/message/",
        {"contact": refusing.pk, "channel": "sms", "body": "流量包推荐"},
    )
    client.post(
        f"/advisor/opportunities/{opportunity.pk}/message/",
        {"contact": consenting.pk, "channel": "sms", "body": "流量包推荐"},
    )
    answer = client.post(
        f"/advisor/opportunities/{opportunity.pk}/decide/", {"decision": "propose"}
    )

    sent = OutboundMessage.objects.get()
    assert sent.recipient == consenting.phone and sent.body.endswith("回复TD退订")
    assert Interaction.objects.filter(customer=customer, contact=consenting, channel="sms").exists()
    proposal = Proposal.objects.get(customer=customer)
    assert answer["Location"] == f"/advisor/proposals/{proposal.pk}/"
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.proposal) == ("proposed", proposal)


@time_machine.travel(NOON, tick=False)
def test_it_downloads_the_proposal_pdf_and_audits_the_export(manager, customer):
    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=3)
    client = client_for(manager)
    answer = client.post(f"/advisor/optimisations/{run.pk}/proposal/")
    proposal = Proposal.objects.get()
    assert answer["Location"] == f"/advisor/proposals/{proposal.pk}/"
    assert client.get(f"/advisor/proposals/{proposal.pk}/").status_code == 200

    pdf = client.get(f"/advisor/proposals/{proposal.pk}/pdf/")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF")
    import subprocess

    text = subprocess.run(  # noqa: S603 - a fixed tool reading the downloaded bytes
        ["/usr/bin/pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert manager.staff_id in text  # D3: the exporter's watermark
    from kamdesk.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="advice.proposal_exported").count() == 1
