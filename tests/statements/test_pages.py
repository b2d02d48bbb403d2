"""The statements panel on the 360 page, the customer's statements page (preferences,
authorisations, send now, history) and the delivery log; all in the manager's scope."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.statements.models import Authorisation, Delivery, Subscription
from tests.conftest import client_for
from tests.statements.conftest import signed_upload
from tests.statements.factories import preference

pytestmark = pytest.mark.django_db


def test_the_360_page_loads_the_statements_panel(group, manager):
    client = client_for(manager)
    page = client.get(f"/customers/{group.customer.pk}/").content.decode()
    assert f"/statements/customer/{group.customer.pk}/panel/" in page
    panel = client.get(f"/statements/customer/{group.customer.pk}/panel/")
    assert panel.status_code == 200 and 'id="customer-statements"' in panel.content.decode()


def test_other_managers_get_404(group, other_manager):
    client = client_for(other_manager)
    assert client.get(f"/statements/customer/{group.customer.pk}/").status_code == 404
    assert client.get(f"/statements/customer/{group.customer.pk}/panel/").status_code == 404


def test_the_manager_records_an_authorisation_and_a_preference(group, manager):
    client = client_for(manager)
    base = f"/statements/customer/{group.customer.pk}"
    answer = client.post(
        f"{base}/authorisations/",
        {
            "account": group.group_account.pk,
            "contact": group.contact.pk,
            "valid_from": "2026-01-01",
            "valid_to": "2027-12-31",
            "file": signed_upload(),
        },
    )
    assert answer.status_code == 302
    assert Authorisation.objects.get().file_id is not None
    answer = client.post(
        f"{base}/preferences/",
        {
            "document": "statement",
            "account": group.group_account.pk,
            "subscriber": group.members[0].pk,
            "recipient_kind": "contact",
            "contact": group.contact.pk,
            "format": "xlsx",
            "channel": "email",
            "email": "wang@njsteel.example",
            "phone": "13912345678",
            "day_of_month": 5,
        },
        follow=True,
    )
    assert "PDF" in answer.content.decode()  # e-mail carries a protected PDF only
    assert not Subscription.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC))
def test_send_now_prints_for_hand_over_and_the_log_shows_it(group, manager):
    sub = preference(
        group,
        document="bill",
        subscriber=None,
        channel="print",
        format="pdf",
    )
    client = client_for(manager)
    client.post(f"/statements/preferences/{sub.pk}/send/", {"month": "2026-10"})
    delivery = Delivery.objects.get()
    # No bill was ingested for October: the delivery is logged as failed with the reason.
    assert delivery.status == "failed" and delivery.last_error
    log = client.get("/statements/deliveries/").content.decode()
    assert "南京钢铁集团" in log and 'id="statement-deliveries"' in log


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC))
def test_a_printed_statement_is_downloaded_for_printing_and_marked_handed_over(
    group, manager, authorisation
):
    sub = preference(group, channel="print")
    client = client_for(manager)
    client.post(f"/statements/preferences/{sub.pk}/send/", {"month": "2026-10"})
    delivery = Delivery.objects.get()
    assert delivery.status == "to_hand_over"
    answer = client.get(f"/statements/deliveries/{delivery.pk}/print/")
    assert answer.status_code == 200
    client.post(f"/statements/deliveries/{delivery.pk}/handed-over/")
    delivery.refresh_from_db()
    assert delivery.status == "handed_over"


def test_the_customer_page_shows_preferences_and_authorisations(group, manager, authorisation):
    preference(group)
    page = client_for(manager).get(f"/statements/customer/{group.customer.pk}/").content.decode()
    assert 'id="statement-preferences"' in page and "王会计" in page
    assert 'id="statement-authorisations"' in page


def test_a_large_group_job_shows_its_progress(group, manager, authorisation):
    client = client_for(manager)
    base = f"/statements/customer/{group.customer.pk}"
    client.post(
        f"{base}/jobs/",
        {
            "account": group.group_account.pk,
            "contact": group.contact.pk,
            "month": "2026-10",
            "layout": "one_spreadsheet",
            "file_format": "pdf",
        },
    )
    from kamdesk.statements.models import GenerationJob

    job = GenerationJob.objects.get()
    partial = client.get(f"/statements/jobs/{job.pk}/").content.decode()
    assert f'id="job-{job.pk}"' in partial and "3" in partial
    page = client.get(f"{base}/").content.decode()
    assert 'id="statement-jobs"' in page


def test_the_manager_adds_a_whole_accounts_statements_for_the_contact(group, manager):
    answer = client_for(manager).post(
        f"/statements/customer/{group.customer.pk}/preferences/",
        {
            "document": "statement",
            "account": group.group_account.pk,
            "subscriber": "",
            "recipient_kind": "contact",
            "contact": group.contact.pk,
            "format": "pdf",
            "channel": "sms_link",
            "phone": "",
            "day_of_month": 5,
            "layout": "one_spreadsheet",
        },
        follow=True,
    )
    row = Subscription.objects.get()
    assert (row.subscriber, row.layout, row.phone) == (None, "one_spreadsheet", "13912345678")
    assert "一个电子表格" in answer.content.decode() or "One spreadsheet" in answer.content.decode()
