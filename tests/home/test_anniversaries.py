"""The home lists key contacts' anniversaries of the week beside their birthdays: a
contact's years in the post (任职N周年) and the customer's years with the operator since
its first contract (合作N周年), each with a greeting by the preferred channel only where
the contact consented, sent once a year per occasion."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.customers.models import Contract, Interaction
from kamdesk.home.panels.birthdays import provide
from kamdesk.notifications.models import OutboundMessage
from tests.conftest import client_for
from tests.factories import ContactFactory, CustomerFactory

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # Wednesday 10:00 in Shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def contract(customer, code: str, starts_on: dt.date) -> Contract:
    return Contract.objects.create(
        code=code,
        customer=customer,
        title="集团专线服务协议",
        starts_on=starts_on,
        term_months=36,
        expires_on=starts_on.replace(year=starts_on.year + 3),
    )


def test_it_lists_the_anniversaries_in_the_post_of_the_week(manager):
    customer = CustomerFactory(manager=manager)
    ContactFactory(
        customer=customer,
        name="王总",
        in_post_since=dt.date(2021, 11, 27),
        consent_greetings=True,
        preferred_channel="sms",
    )
    ContactFactory(customer=customer, name="新任李工", in_post_since=dt.date(2026, 11, 26))
    ContactFactory(customer=customer, name="周总", in_post_since=dt.date(2020, 12, 10))
    html = client_for(manager).get("/home/panels/birthdays/").content.decode()
    assert "任职5周年：王总" in html
    assert "恭喜您任职5周年" in html
    assert "新任李工" not in html  # took the post this year: no anniversary yet
    assert "周总" not in html  # not this week


def test_it_greets_the_customer_on_its_partnership_anniversary(manager, other_manager):
    customer = CustomerFactory(manager=manager, name="南京星科")
    contract(customer, "HT-1", dt.date(2019, 11, 28))
    contract(customer, "HT-2", dt.date(2023, 11, 26))  # a later contract, same week
    ContactFactory(customer=customer, name="陈总", decision_role="decision_maker")
    ContactFactory(
        customer=customer,
        name="刘会计",
        decision_role="finance",
        email="liu@xk.example.cn",
        consent_greetings=True,
        preferred_channel="email",
    )
    stranger = CustomerFactory(manager=other_manager, name="别人的集团")
    contract(stranger, "HT-3", dt.date(2020, 11, 27))
    html = client_for(manager).get("/home/panels/birthdays/").content.decode()
    assert "合作7周年：刘会计" in html  # since the first contract, to the contact who consented
    assert "合作3周年" not in html
    assert "南京星科与中国移动合作7周年" in html
    assert "别人的集团" not in html


def test_it_sends_each_occasion_once_a_year(manager):
    customer = CustomerFactory(manager=manager, name="南京星科")
    contract(customer, "HT-1", dt.date(2019, 11, 28))
    wang = ContactFactory(
        customer=customer,
        name="王总",
        phone="13911112222",
        birthday=dt.date(1975, 11, 26),
        in_post_since=dt.date(2021, 11, 27),
        consent_greetings=True,
        preferred_channel="sms",
    )
    zhao = ContactFactory(
        customer=customer, name="赵经理", consent_greetings=True, preferred_channel="sms"
    )
    client = client_for(manager)
    for path in (
        f"/home/greetings/{wang.pk}/in_post/",
        f"/home/greetings/{wang.pk}/in_post/",
        f"/home/greetings/{wang.pk}/",
        f"/home/greetings/{wang.pk}/partnership/",
        f"/home/greetings/{zhao.pk}/partnership/",  # the customer was greeted already
    ):
        assert client.post(path).status_code == 302
    sent = OutboundMessage.objects.order_by("pk")
    assert [m.dedup_key for m in sent] == [
        f"greeting:in_post:{wang.pk}:2026",
        f"greeting:birthday:{wang.pk}:2026",
        f"greeting:partnership:{customer.pk}:2026",
    ]
    assert "任职5周年" in sent[0].body and "生日快乐" in sent[1].body
    assert "合作7周年" in sent[2].body and sent[2].recipient == "13911112222"
    assert Interaction.objects.filter(contact=wang, channel="sms").count() == 3


def test_it_refuses_an_occasion_the_contact_does_not_have_or_did_not_consent_to(manager):
    customer = CustomerFactory(manager=manager)
    silent = ContactFactory(
        customer=customer, in_post_since=dt.date(2021, 11, 27), preferred_channel="sms"
    )
    willing = ContactFactory(customer=customer, consent_greetings=True, preferred_channel="sms")
    client = client_for(manager)
    client.post(f"/home/greetings/{silent.pk}/in_post/")  # no consent
    client.post(f"/home/greetings/{willing.pk}/in_post/")  # no date in the post
    client.post(f"/home/greetings/{willing.pk}/partnership/")  # the customer has no contract
    client.post(f"/home/greetings/{willing.pk}/wedding/")  # no such occasion
    assert not OutboundMessage.objects.exists()


@pytest.mark.parametrize(
    ("today", "listed_on"),
    [
        (dt.datetime(2027, 2, 24, 2, tzinfo=dt.UTC), dt.date(2027, 2, 28)),  # not a leap year
        (dt.datetime(2028, 2, 23, 2, tzinfo=dt.UTC), dt.date(2028, 2, 29)),  # leap year
        (dt.datetime(2028, 2, 22, 2, tzinfo=dt.UTC), None),  # 29 February is the 8th day
    ],
)
def test_an_anniversary_on_29_february_falls_on_the_28th_in_other_years(manager, today, listed_on):
    ContactFactory(
        customer=CustomerFactory(manager=manager),
        name="闰日",
        in_post_since=dt.date(2020, 2, 29),
    )
    items = provide(user=manager, now=today).items
    assert [item.when for item in items] == ([listed_on] if listed_on else [])
    if listed_on:
        assert items[0].title.startswith(f"任职{listed_on.year - 2020}周年")
