"""Passwords, download links and codes go only to the entitled recipient's own mobile on
file (the holder's line, the contact's phone), never to a number typed in a preference."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.core.errors import ValidationFailed
from kamdesk.notifications.models import OutboundMessage
from kamdesk.statements.models import Delivery
from kamdesk.statements.services.schedule import schedule_run
from kamdesk.statements.services.setup import PreferenceInput, subscription_save
from tests.statements.factories import preference

pytestmark = pytest.mark.django_db
RUN_DAY = dt.date(2026, 11, 5)


def _input(group, **overrides) -> PreferenceInput:
    values = {
        "account": group.group_account,
        "subscriber": group.members[0],
        "document": "statement",
        "format": "pdf",
        "channel": "sms_link",
        "recipient_kind": "contact",
        "contact": group.contact,
        "email": "",
        "phone": "",
        "day_of_month": 5,
    }
    values.update(overrides)
    return PreferenceInput(**values)


def test_a_number_other_than_the_contacts_own_is_refused_on_the_phone_field(group, manager):
    with pytest.raises(ValidationFailed) as caught:
        subscription_save(
            customer=group.customer, data=_input(group, phone="13700001111"), actor=manager
        )
    assert list(caught.value.errors) == ["phone"]
    assert "139****5678" in caught.value.errors["phone"][0]


def test_an_empty_number_and_address_take_the_contacts_own(group, manager):
    row = subscription_save(
        customer=group.customer, data=_input(group, channel="email"), actor=manager
    )
    assert (row.phone, row.email) == ("13912345678", "wang@njsteel.example")


def test_the_holder_is_reached_on_their_own_line_only(group, manager):
    holder = _input(
        group, recipient_kind="holder", contact=None, phone="139 1234 5678"
    )  # the group contact's number, not the holder's
    with pytest.raises(ValidationFailed) as caught:
        subscription_save(customer=group.customer, data=holder, actor=manager)
    assert "phone" in caught.value.errors
    row = subscription_save(
        customer=group.customer,
        data=_input(group, recipient_kind="holder", contact=None),
        actor=manager,
    )
    assert row.phone == group.members[0].number


def test_a_contact_without_a_mobile_cannot_be_chosen(group, manager):
    group.contact.phone = "025-84561234"
    group.contact.save(update_fields=["phone"])
    with pytest.raises(ValidationFailed) as caught:
        subscription_save(customer=group.customer, data=_input(group), actor=manager)
    assert "phone" in caught.value.errors


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_the_link_goes_to_the_number_on_file_at_delivery_time(group, authorisation):
    preference(group, channel="sms_link", phone="13700001111")  # stale or substituted
    group.contact.phone = "13655556666"
    group.contact.save(update_fields=["phone"])
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.phone == "13655556666"
    assert not OutboundMessage.objects.filter(recipient="13700001111").exists()
    assert OutboundMessage.objects.filter(recipient="13655556666").count() == 1


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_no_mobile_on_file_means_no_delivery(group, authorisation):
    preference(group, channel="email")
    group.contact.phone = ""
    group.contact.save(update_fields=["phone"])
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "no_mobile_on_file"
    assert delivery.statement is None


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_a_number_given_up_by_the_holder_receives_nothing(group, manager):
    holder = group.self_paid
    preference(
        group,
        account=group.member_account,
        subscriber=holder,
        recipient_kind="holder",
        contact=None,
        channel="sms_link",
        phone=holder.number,
    )
    holder.valid_to = dt.date(2026, 11, 1)  # gave the number up: it may be recycled
    holder.save(update_fields=["valid_to"])
    schedule_run(today=RUN_DAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and delivery.last_error == "no_mobile_on_file"
    assert not OutboundMessage.objects.filter(recipient=holder.number).exists()
    data = _input(group, account=group.member_account, subscriber=holder)
    with pytest.raises(ValidationFailed) as caught:
        subscription_save(
            customer=group.customer,
            data=PreferenceInput(**{**data.__dict__, "recipient_kind": "holder", "contact": None}),
            actor=manager,
        )
    assert "phone" in caught.value.errors
