"""Prospects are the manager's own; competitors' offers and presences feed the market
view; the onboarding risk of the churn capability is shown on a prospect."""

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.prospects.models import Competitor
from kamdesk.prospects.selectors import market_view, onboarding_risk, prospects_visible_to
from kamdesk.prospects.services import offer_record, presence_record, prospect_create
from tests.conftest import client_for
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _prospect(manager, **kw):
    data = {
        "name": "无锡星河半导体有限公司",
        "region": "无锡市",
        "source": "park",
        "subscribers_estimate": 200,
        "current_operator": "unicom",
        "estimated_value": "120000",
        "credit_tier": "B",
        "industry": "建筑",
    }
    data.update(kw)
    return prospect_create(actor=manager, data=data)


def test_it_keeps_prospects_to_their_manager_and_checks_input(manager, other_manager, supervisor):
    prospect = _prospect(manager)
    assert list(prospects_visible_to(user=manager)) == [prospect]
    assert list(prospects_visible_to(user=other_manager)) == []
    assert list(prospects_visible_to(user=supervisor)) == [prospect]
    with pytest.raises(ValidationFailed) as exc:
        _prospect(manager, name="", estimated_value="abc", stage="nonsense")
    assert set(exc.value.errors) == {"name", "estimated_value", "stage"}
    assert client_for(other_manager).get(f"/prospects/{prospect.pk}/").status_code == 404
    page = client_for(manager).get(f"/prospects/{prospect.pk}/")
    assert page.status_code == 200 and "onboarding-risk" in page.content.decode()


def test_it_shows_the_onboarding_risk_of_a_prospect(manager):
    risk = onboarding_risk(_prospect(manager))
    assert risk is not None and risk.level in {"medium", "high"}
    assert "industry" in risk.reasons and "tier" in risk.reasons


def test_it_builds_the_market_view_from_customers_prospects_and_competitors(manager):
    unicom = Competitor.objects.create(operator="unicom", name="中国联通")
    customer = CustomerFactory(manager=manager, region="无锡市")
    for _ in range(3):
        SubscriberFactory(customer=customer)
    presence_record(actor=manager, competitor=unicom, customer=customer, subscribers=1)
    offer_record(
        actor=manager, competitor=unicom, title="专线五折", monthly_price="2800", seen_at=customer
    )
    _prospect(manager)

    wuxi = next(r for r in market_view(user=manager) if r.region == "无锡市")

    assert (wuxi.customers, wuxi.our_lines, wuxi.prospects) == (1, 3, 1)
    assert dict((op, n) for op, n, _share in wuxi.shares()) == {"cmcc": 3, "unicom": 201}
