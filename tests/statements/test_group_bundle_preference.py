"""A delivery preference for a whole account's itemised statements: on its day the
schedule makes the bundle in the background (summary plus one file per subscriber the
contact is entitled to, or one spreadsheet) and sends it by a one-time link when done;
entitlement is decided first, and a second run sends nothing again."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from kamdesk.core.errors import ValidationFailed
from kamdesk.notifications.models import OutboundMessage
from kamdesk.statements.models import Delivery, GenerationJob
from kamdesk.statements.services.documents import statement_bytes
from kamdesk.statements.services.schedule import schedule_run
from kamdesk.statements.services.setup import PreferenceInput, subscription_save
from tests.statements.helpers import sheet_rows

pytestmark = pytest.mark.django_db
RUN_DAY = dt.date(2026, 11, 5)
AT = dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC)


def _save(group, manager, account=None, **overrides):
    values = {
        "account": account or group.group_account,
        "subscriber": None,
        "document": "statement",
        "format": "csv",
        "channel": "sms_link",
        "recipient_kind": "contact",
        "contact": group.contact,
        "email": "",
        "phone": "",
        "day_of_month": 5,
    }
    values.update(overrides)
    return subscription_save(customer=group.customer, data=PreferenceInput(**values), actor=manager)


@time_machine.travel(AT)
def test_the_schedule_makes_the_bundle_and_sends_its_link_when_done(
    group, manager, authorisation, django_capture_on_commit_callbacks
):
    pref = _save(group, manager)
    assert pref.layout == "per_subscriber"
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_run(today=RUN_DAY)["prepared"] == 1
    delivery = Delivery.objects.select_related("statement").get()
    job = GenerationJob.objects.get()
    assert job.delivery == delivery and job.status == "done"
    assert delivery.status == "sent" and delivery.statement == job.statement
    names = zipfile.ZipFile(io.BytesIO(statement_bytes(delivery.statement))).namelist()
    assert len(names) == 4 and not any(group.self_paid.number in n for n in names)
    (sms,) = OutboundMessage.objects.filter(recipient=group.contact.phone)
    assert "/statements/d/" in sms.body
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_run(today=RUN_DAY) == {"prepared": 0, "sent": 0}
    assert GenerationJob.objects.count() == 1 and OutboundMessage.objects.count() == 1


@time_machine.travel(AT)
def test_one_spreadsheet_printed_for_hand_over(
    group, manager, authorisation, django_capture_on_commit_callbacks
):
    _save(group, manager, channel="print", layout="one_spreadsheet")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.select_related("statement").get()
    assert delivery.status == "to_hand_over" and delivery.statement.format == "xlsx"
    rows = sheet_rows(statement_bytes(delivery.statement))
    assert {r[0] for r in rows if r and str(r[0]).startswith("1380000000")} == {
        s.number for s in group.members
    }


@time_machine.travel(AT)
def test_without_an_authorisation_nothing_is_made(group, manager):
    _save(group, manager)
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "no_authorisation_on_file"
    assert not GenerationJob.objects.exists()


@time_machine.travel(AT)
def test_a_self_paid_account_is_never_bundled_for_the_group(group, manager, authorisation):
    _save(group, manager, account=group.member_account)
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "self_paid_member"
    assert not GenerationJob.objects.exists()


def test_a_bundle_is_not_e_mailed_nor_sent_to_a_holder(group, manager):
    with pytest.raises(ValidationFailed) as caught:
        _save(group, manager, channel="email", format="pdf")
    assert "channel" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        _save(group, manager, recipient_kind="holder", contact=None)
    assert "recipient_kind" in caught.value.errors


@time_machine.travel(AT)
def test_a_failed_generation_is_reported_to_the_manager(
    group, manager, authorisation, django_capture_on_commit_callbacks, monkeypatch
):
    from kamdesk.notifications.models import Notification
    from kamdesk.statements.services import jobs

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(jobs, "_per_subscriber", broken)
    _save(group, manager)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_run(today=RUN_DAY)  # the task fails in the worker, not the schedule
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "disk full" in delivery.last_error
    assert GenerationJob.objects.get().status == "failed"
    assert Notification.objects.filter(user=manager, kind="statement.delivery_failed").exists()
