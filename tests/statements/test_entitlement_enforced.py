"""Entitlement as the schedule and the large-group job apply it: a self-paid member's
statement is never produced for the group's contact; without an authorisation on file
no itemised statement of a group-paid subscriber goes to the group."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.models import AuditEvent
from kamdesk.statements.models import Delivery, Statement
from kamdesk.statements.services.jobs import entitled_subscribers
from kamdesk.statements.services.schedule import schedule_run
from tests.statements.conftest import MONTH
from tests.statements.factories import preference

pytestmark = pytest.mark.django_db
RUN_DAY = dt.date(2026, 11, 5)


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_a_self_paid_members_statement_is_never_produced_for_the_groups_contact(
    group, authorisation
):
    preference(group, account=group.member_account, subscriber=group.self_paid, channel="sms_link")
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "self_paid_member"
    assert delivery.statement is None
    assert not Statement.objects.filter(subscriber=group.self_paid).exists()
    assert AuditEvent.objects.filter(action="statement.delivery_refused").exists()
    entitled = entitled_subscribers(
        account=group.member_account, contact=group.contact, month=MONTH
    )
    assert entitled == []


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_without_an_authorisation_no_group_paid_statement_goes_to_the_group(group):
    preference(group, channel="sms_link")
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "no_authorisation_on_file"
    assert not Statement.objects.exists()
    assert (
        entitled_subscribers(account=group.group_account, contact=group.contact, month=MONTH) == []
    )


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_with_the_authorisation_on_file_the_contact_receives_it(group, authorisation):
    preference(group, channel="sms_link")
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "sent"
    assert delivery.statement.subscriber == group.members[0]
    assert delivery.statement.full_numbers
    entitled = entitled_subscribers(account=group.group_account, contact=group.contact, month=MONTH)
    assert entitled == group.members


@time_machine.travel(dt.datetime(2028, 2, 5, 2, 0, tzinfo=dt.UTC))
def test_an_expired_or_revoked_authorisation_counts_as_none(group, authorisation, manager):
    preference(group, channel="sms_link")
    schedule_run(today=dt.date(2028, 2, 5))  # the authorisation ended on 2027-12-31
    assert Delivery.objects.get().last_error == "no_authorisation_on_file"


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_a_revoked_authorisation_stops_delivery(group, authorisation, manager):
    from kamdesk.statements.services.setup import authorisation_revoke

    authorisation_revoke(authorisation=authorisation, actor=manager)
    preference(group, channel="sms_link")
    schedule_run(today=RUN_DAY)
    assert Delivery.objects.get().status == "refused"


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_the_holder_receives_their_own_statement_without_any_authorisation(group):
    preference(
        group,
        account=group.member_account,
        subscriber=group.self_paid,
        recipient_kind="holder",
        contact=None,
        channel="sms_link",
        phone=group.self_paid.number,
    )
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.statement.full_numbers


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_a_bill_goes_only_to_the_paying_accounts_authorised_contact(group):
    from tests.factories import ContactFactory

    other = ContactFactory(customer=group.customer, name="张主任", phone="13700000000")
    preference(
        group, document="bill", subscriber=None, contact=other, channel="sms_link",
        phone=other.phone,
    )  # fmt: skip
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "not_paying_account_contact"
    assert not Statement.objects.exists()
