"""The customer 360 page: everything about the account on one page, in scope only."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Contract, Product
from tests.conftest import client_for
from tests.factories import CustomerFactory, InteractionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def url(customer):
    return f"/customers/{customer.pk}/"


def test_it_hides_another_managers_customer(manager, other_manager):
    theirs = CustomerFactory(manager=other_manager)
    client = client_for(manager)
    assert client.get(url(theirs)).status_code == 404
    assert client.get(f"{url(theirs)}edit/").status_code == 404
    assert client.get(f"{url(theirs)}subscribers/").status_code == 404


def test_it_records_each_view_in_the_audit_trail(manager, group):
    client_for(manager).get(url(group))
    event = AuditEvent.objects.get(action="customer.viewed")
    assert event.customer_id == group.pk
    assert event.actor == manager


def test_it_shows_the_profile_and_value(manager, group):
    group.arpu, group.months_on_network = Decimal("86.50"), 37
    group.preferences = "喜欢上午拜访"
    group.save()
    html = client_for(manager).get(url(group)).content.decode()
    for text in ("中国移动测试集团", group.uscc, "玄武区", "¥86.50", "37", "喜欢上午拜访"):
        assert text in html


def test_it_shows_the_group_hierarchy_both_ways(manager, group, member_company):
    parent_page = client_for(manager).get(url(group)).content.decode()
    assert f'href="{url(member_company)}"' in parent_page
    member_page = client_for(manager).get(url(member_company)).content.decode()
    assert f'href="{url(group)}"' in member_page


def test_it_shows_only_the_masked_identity_number(manager, vip):
    html = client_for(manager).get(url(vip)).content.decode()
    assert vip.id_number not in html
    assert vip.id_number_masked in html


def test_it_shows_subscriber_numbers_masked(manager, group, line):
    html = client_for(manager).get(url(group)).content.decode()
    assert "139****4567" in html
    assert line.number not in html
    assert "赵六" in html


def test_it_shows_billing_accounts_with_the_payment_relation(manager, group, line):
    html = client_for(manager).get(url(group)).content.decode()
    assert line.account.code in html
    assert "测试集团统付账户" in html


def test_it_searches_subscribers_by_digits_and_names(manager, group, line):
    SubscriberFactory(
        customer=group,
        account=line.account,
        number="13800009999",
        holder_name="测试集团",
        user_name="孙七",
    )
    client = client_for(manager)
    by_digits = client.get(
        f"{url(group)}subscribers/", {"q": "4567"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "139****4567" in by_digits and "138****9999" not in by_digits
    by_name = client.get(
        f"{url(group)}subscribers/", {"q": "孙七"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "138****9999" in by_name and "139****4567" not in by_name
    assert line.number not in by_name and "13800009999" not in by_name


def test_it_pages_subscribers_twenty_at_a_time(manager, group, line):
    for n in range(25):
        SubscriberFactory(customer=group, account=line.account, number=f"1370000{n:04d}")
    client = client_for(manager)
    first = client.get(url(group)).content.decode()
    second = client.get(
        f"{url(group)}subscribers/", {"page": 2}, headers={"HX-Request": "true"}
    ).content.decode()
    assert first.count("137****00") == 20
    assert second.count("137****00") == 5 and "139****4567" in second


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_highlights_contracts_expiring_within_ninety_days(manager, group):
    product = Product.objects.create(
        product_id="PR1",
        customer=group,
        kind="dedicated_line",
        name="互联网专线100M",
        monthly_fee=Decimal("3000"),
    )
    soon = Contract.objects.create(
        code="K1",
        customer=group,
        title="专线三年协议",
        starts_on=dt.date(2024, 1, 1),
        term_months=36,
        expires_on=dt.date(2027, 1, 9),
    )
    soon.products.add(product)
    Contract.objects.create(
        code="K2",
        customer=group,
        title="V网协议",
        starts_on=dt.date(2025, 1, 1),
        term_months=36,
        expires_on=dt.date(2028, 1, 1),
    )
    html = client_for(manager).get(url(group)).content.decode()
    assert "互联网专线100M" in html
    assert html.count("kd-contract-expiring") == 1
    assert "专线三年协议" in html and "60" in html


def test_it_lists_interactions_newest_first_with_more(manager, group):
    for day in range(1, 13):
        InteractionFactory(
            customer=group,
            summary=f"第{day:02d}次沟通",
            occurred_at=dt.datetime(2026, 10, day, 2, 0, tzinfo=dt.UTC),
        )
    client = client_for(manager)
    html = client.get(url(group)).content.decode()
    assert html.index("第12次沟通") < html.index("第03次沟通")
    assert "第02次沟通" not in html
    more = client.get(
        f"{url(group)}interactions/", {"page": 2}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "第02次沟通" in more and "第01次沟通" in more and "第12次沟通" not in more


def test_it_lets_a_supervisor_see_the_teams_customers(supervisor, group):
    assert client_for(supervisor).get(url(group)).status_code == 200


def test_it_shows_no_panels_to_roles_without_customer_access(backoffice, group):
    assert client_for(backoffice).get(url(group)).status_code == 404


def test_it_reads_the_page_in_a_bounded_number_of_queries(
    manager, group, member_company, line, contact, interaction, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(url(group))  # warm the permission cache
    # On PostgreSQL the audited view also takes the audit chain's advisory lock.
    bound = 22 + (1 if connection.vendor == "postgresql" else 0)
    with django_assert_max_num_queries(bound):
        client.get(url(group))
