"""Data for the unmasking tests: a VIP with an identity number, and who may approve."""

from __future__ import annotations

import re

import pytest

from kamdesk.core.masking import mask_id
from kamdesk.notifications.models import OutboundMessage
from tests.factories import ContactFactory, CustomerFactory, SubscriberFactory, make_resident_id

HELD_NUMBER = "13951230001"
CONTACT_NUMBER = "13951230002"


def vip_customer(manager, seq: int, name: str):
    number = make_resident_id(seq)
    return CustomerFactory(
        manager=manager,
        kind="individual",
        name=name,
        uscc="",
        id_type="resident_id",
        id_number=number,
        id_number_masked=mask_id(number),
    )


@pytest.fixture
def vip(manager):
    return vip_customer(manager, 11, "王金卡")


@pytest.fixture
def other_vip(manager):
    return vip_customer(manager, 12, "李银卡")


@pytest.fixture
def held_line(vip):
    return SubscriberFactory(customer=vip, number=HELD_NUMBER, holder_name="王金卡")


@pytest.fixture
def authorised_contact(vip):
    return ContactFactory(customer=vip, phone=CONTACT_NUMBER, decision_role="decision_maker")


def last_code() -> str:
    body = OutboundMessage.objects.order_by("-pk").first().body
    return re.search(r"(?<!\d)\d{6}(?!\d)", body).group(0)
