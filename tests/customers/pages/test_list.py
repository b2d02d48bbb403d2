"""The customer list: one search box read by its shape, filters, paging."""

import datetime as dt

import pytest
import time_machine

from tests.conftest import client_for
from tests.customers.pages.conftest import FULL_NUMBER
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/customers/"


def test_it_lists_the_managers_customers_with_a_count(manager, other_manager, group, vip):
    CustomerFactory(manager=other_manager, name="别人的集团")
    html = client_for(manager).get(URL).content.decode()
    assert "中国移动测试集团" in html and "王金卡" in html
    assert "别人的集团" not in html
    assert "2 个客户" in html


def test_it_finds_a_customer_by_pinyin_initials(manager, group, vip):
    html = client_for(manager).get(URL, {"q": "zgyd"}).content.decode()
    assert "中国移动测试集团" in html
    assert "王金卡" not in html


def test_it_finds_a_customer_by_uscc(manager, group, vip):
    html = client_for(manager).get(URL, {"q": group.uscc}).content.decode()
    assert "中国移动测试集团" in html
    assert "王金卡" not in html


@time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_finds_a_customer_by_a_subscriber_number(manager, group, vip, line):
    html = client_for(manager).get(URL, {"q": FULL_NUMBER}).content.decode()
    assert "中国移动测试集团" in html
    assert "王金卡" not in html


def test_it_filters_by_kind_and_grade(manager, group, vip):
    html = client_for(manager).get(URL, {"kind": "individual", "grade": "gold"}).content.decode()
    assert "王金卡" in html
    assert "中国移动测试集团" not in html


def test_it_shows_the_money_the_chinese_way(manager, group):
    html = client_for(manager).get(URL).content.decode()
    assert "¥12,000.00" in html


def test_it_offers_the_manager_filter_to_supervisors_only(manager, supervisor, group):
    assert 'name="manager"' not in client_for(manager).get(URL).content.decode()
    supervised = client_for(supervisor).get(URL).content.decode()
    assert 'name="manager"' in supervised
    assert "中国移动测试集团" in supervised


def test_it_ignores_a_manager_filter_from_a_manager(manager, other_manager, group):
    html = client_for(manager).get(URL, {"manager": other_manager.username}).content.decode()
    assert "中国移动测试集团" in html


def test_it_pages_the_results(manager, settings):
    for n in range(settings.PAGE_SIZE + 3):
        CustomerFactory(manager=manager, code=f"P{n:05d}", name=f"分页客户{n:02d}")
    client = client_for(manager)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert "P00000" in first and "P00025" not in first
    assert "P00025" in second and "P00000" not in second


def test_it_answers_a_live_search_with_the_results_only(manager, group):
    response = client_for(manager).get(URL, {"q": "zgyd"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="customer-results"' in html
    assert "<html" not in html
    assert "中国移动测试集团" in html


def test_it_runs_a_bounded_number_of_queries(manager, django_assert_max_num_queries):
    for n in range(20):
        CustomerFactory(manager=manager, code=f"Q{n:05d}")
    client = client_for(manager)
    client.get(URL)  # warm the permission cache and the session
    with django_assert_max_num_queries(12):
        client.get(URL)


def test_it_never_shows_a_subscriber_number(manager, group, line):
    html = client_for(manager).get(URL).content.decode()
    assert "中国移动测试集团" in html
    assert FULL_NUMBER not in html
