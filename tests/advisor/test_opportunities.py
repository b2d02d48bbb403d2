"""Opportunity rules fire on usage signals with their evidence; a rescan does not
duplicate; decisions are recorded and give each rule's hit rate."""

import datetime as dt
from decimal import Decimal

import pytest

from kamdesk.advisor.models import Opportunity
from kamdesk.advisor.selectors import rule_hit_rates
from kamdesk.advisor.services_opportunities import (
    marketing_message_send,
    opportunities_scan,
    opportunity_accept,
    opportunity_reject,
)
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Product
from tests.advisor.factories import GB, MONTHS, TODAY, line, plan, usage
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(manager):
    customer = CustomerFactory(manager=manager)
    tariff = plan("JT0058", "58", minutes=300, gb=10, segment="group")
    lines = [line(customer, tariff, activated_on=TODAY - dt.timedelta(days=20)) for _ in range(22)]
    for n, subscriber in enumerate(lines):
        for month in MONTHS[-3:]:
            heavy = n < 4
            usage(
                subscriber,
                month,
                minutes=120,
                mb=(14 if heavy else 4) * GB,
                data_fen=1200 if heavy else 0,
                cmcc=30,
                out_calls=40,
                roaming_fen=25000 if n == 5 and month == MONTHS[-1] else 0,
                intl=9 if n == 5 and month == MONTHS[-1] else 0,
            )
    Product.objects.create(product_id="BB1", customer=customer, kind="broadband", name="企业宽带")
    return customer


def _evidence(customer, rule):
    o = Opportunity.objects.get(customer=customer, rule=rule)
    return {e["key"]: e["value"] for e in o.evidence}, o


def test_it_finds_opportunities_with_evidence_from_the_usage(group):
    created = opportunities_scan(customer=group, today=TODAY)

    assert (
        set(Opportunity.objects.values_list("rule", flat=True))
        == {"heavy_data", "no_vpmn", "roaming", "headcount", "cloud"}
        and created == 5
    )
    heavy, o = _evidence(group, "heavy_data")
    assert heavy == {"months": 3, "subscribers_over_data": 4, "data_overage_paid": "144.00"}
    # Four packs at ¥30 a month are worth ¥1,440 a year; the customer paid ¥144 in three
    # months and would pay ¥360 for packs: a loss of ¥216 × 4 a year, shown as such.
    assert (o.estimated_value, o.customer_saving) == (Decimal("1440.00"), Decimal("-864.00"))
    vpmn, _o = _evidence(group, "no_vpmn")
    assert vpmn == {"current_subscribers": 22, "cmcc_call_share": 75}
    roaming, _o = _evidence(group, "roaming")
    assert roaming["roaming_paid"] == "250.00" and roaming["roaming_subscribers"] == 1
    headcount, _o = _evidence(group, "headcount")
    assert headcount == {"new_last_90_days": 22, "new_previous_90_days": 0}


def test_it_does_not_duplicate_on_a_rescan_and_respects_a_rejection(group, manager):
    opportunities_scan(customer=group, today=TODAY)
    assert opportunities_scan(customer=group, today=TODAY) == 0
    vpmn = Opportunity.objects.get(rule="no_vpmn")
    with pytest.raises(ValidationFailed):
        opportunity_reject(opportunity=vpmn, actor=manager, reason="  ")
    opportunity_reject(opportunity=vpmn, actor=manager, reason="客户暂无需求")
    assert opportunities_scan(customer=group, today=TODAY) == 0
    assert Opportunity.objects.filter(rule="no_vpmn").count() == 1


def test_it_measures_each_rules_hit_rate(group, manager):
    opportunities_scan(customer=group, today=TODAY)
    opportunity_accept(opportunity=Opportunity.objects.get(rule="heavy_data"), actor=manager)
    opportunity_reject(
        opportunity=Opportunity.objects.get(rule="cloud"), actor=manager, reason="已有"
    )
    with pytest.raises(ValidationFailed):
        opportunity_accept(opportunity=Opportunity.objects.get(rule="heavy_data"), actor=manager)

    rates = {r.rule: r for r in rule_hit_rates(user=manager)}

    assert (rates["heavy_data"].hit_rate, rates["cloud"].hit_rate) == (1.0, 0.0)
    assert rates["roaming"].hit_rate is None and rates["roaming"].open == 1


def test_it_needs_consent_for_a_marketing_message(group, manager):
    refusing = ContactFactory(customer=group, consent_marketing=False)
    other = ContactFactory(consent_marketing=True)
    with pytest.raises(ValidationFailed) as exc:
        marketing_message_send(
            actor=manager, customer=group, contact=refusing, channel="sms", body="V网优惠"
        )
    assert "contact" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        marketing_message_send(
            actor=manager, customer=group, contact=other, channel="sms", body="x"
        )
    assert "contact" in exc.value.errors
