"""The market view counts only lines held today and leaves out lines we won back; a
competitor's record shows the customers the early warning closed as lost to it."""

import datetime as dt

import pytest
from django.utils import timezone

from kamdesk.prospects.models import Competitor
from kamdesk.prospects.selectors import customers_lost_to, market_view
from kamdesk.prospects.services import presence_record
from kamdesk.risk.models import RiskAlert
from tests.conftest import api_client_for, client_for
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def test_it_counts_only_the_lines_held_today(manager):
    customer = CustomerFactory(manager=manager, region="常州市")
    SubscriberFactory(customer=customer)
    SubscriberFactory(customer=customer, status="suspended")
    SubscriberFactory(customer=customer, status="ported_out")
    SubscriberFactory(customer=customer, valid_to=dt.date(2025, 6, 1))  # number recycled
    SubscriberFactory(customer=customer, valid_from=dt.date(2026, 12, 1))  # not yet

    changzhou = next(r for r in market_view(user=manager, today=TODAY) if r.region == "常州市")

    assert (changzhou.customers, changzhou.our_lines) == (1, 2)


def test_it_keeps_the_latest_count_and_leaves_out_lines_won_back(manager):
    unicom = Competitor.objects.create(operator="unicom", name="中国联通")
    telecom = Competitor.objects.create(operator="telecom", name="中国电信")
    customer = CustomerFactory(manager=manager, region="常州市")
    for _ in range(4):
        SubscriberFactory(customer=customer)
    first = presence_record(actor=manager, competitor=unicom, customer=customer, subscribers=30)
    first.noted_on = dt.date(2026, 1, 5)
    first.save(update_fields=["noted_on"])
    presence_record(actor=manager, competitor=unicom, customer=customer, subscribers=12)
    presence_record(
        actor=manager, competitor=telecom, customer=customer, subscribers=9, outcome="won"
    )

    changzhou = next(r for r in market_view(user=manager, today=TODAY) if r.region == "常州市")

    assert {op: n for op, n, _share in changzhou.shares()} == {"cmcc": 4, "unicom": 12}
    assert changzhou.shares()[0][2] == pytest.approx(100 * 12 / 16)


def _lost(customer, competitor: str, reason: str, n: int = 1) -> RiskAlert:
    return RiskAlert.objects.create(
        customer=customer,
        trigger="ported_out",
        source_ref=f"event:{customer.pk}:{n}",
        status="closed",
        outcome="lost",
        competitor=competitor,
        leaving_reason=reason,
        closed_at=timezone.now(),
    )


def test_it_links_a_competitor_to_the_customers_lost_to_it(manager, other_manager):
    unicom = Competitor.objects.create(operator="unicom", name="中国联通")
    mine = CustomerFactory(manager=manager, name="常州精密机械有限公司")
    _lost(mine, "unicom", "对方专线报价低三成")
    _lost(mine, "unicom", "成员继续流失", n=2)  # one customer, listed once
    _lost(CustomerFactory(manager=manager), "telecom", "价格")
    _lost(CustomerFactory(manager=other_manager, name="他人客户"), "unicom", "价格")

    lost = customers_lost_to(user=manager, competitor=unicom)

    assert [c.customer_id for c in lost] == [mine.pk]
    assert customers_lost_to(user=other_manager, competitor=unicom)[0].name == "他人客户"
    page = client_for(manager).get(f"/prospects/competitors/{unicom.pk}/").content.decode()
    assert "常州精密机械有限公司" in page and "他人客户" not in page
    body = api_client_for(manager).get(f"/api/v1/competitors/{unicom.pk}").json()
    assert [c["customer_id"] for c in body["lost_customers"]] == [mine.pk]
