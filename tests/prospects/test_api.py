"""/api/v1/prospects, /competitors and /market: the same scope and rules as the pages."""

import pytest

from kamdesk.prospects.models import Competitor
from tests.conftest import api_client_for
from tests.factories import CustomerFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _new(api, **kw):
    data = {
        "name": "苏州云帆物流有限公司",
        "region": "苏州市",
        "source": "referral",
        "subscribers_estimate": 120,
        "current_operator": "telecom",
        "estimated_value": "86000.00",
        "credit_tier": "A",
    }
    data.update(kw)
    return api.post("/api/v1/prospects", data, content_type=JSON)


def test_it_creates_moves_and_scopes_prospects(manager, other_manager, supervisor):
    api = api_client_for(manager)
    created = _new(api)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["owner"] == manager.username and body["onboarding_risk"]["level"]

    moved = api.patch(
        f"/api/v1/prospects/{body['id']}",
        {"stage": "proposal", "next_step": "送方案", "next_step_on": "2026-12-03"},
        content_type=JSON,
    )

    assert moved.status_code == 200 and moved.json()["stage"] == "proposal"
    assert [p["id"] for p in api.get("/api/v1/prospects").json()["items"]] == [body["id"]]
    assert api_client_for(supervisor).get(f"/api/v1/prospects/{body['id']}").status_code == 200
    other = api_client_for(other_manager)
    assert other.get(f"/api/v1/prospects/{body['id']}").status_code == 404
    assert other.get("/api/v1/prospects").json()["count"] == 0


def test_it_refuses_bad_prospects_naming_the_field(manager):
    answer = _new(api_client_for(manager), name="", stage="maybe")
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "stage" in text


def test_it_records_competitor_offers_and_presences_and_shows_the_market(manager, other_manager):
    unicom = Competitor.objects.create(operator="unicom", name="中国联通")
    customer = CustomerFactory(manager=manager, region="苏州市")
    SubscriberFactory(customer=customer)
    api = api_client_for(manager)
    _new(api)

    offer = api.post(
        f"/api/v1/competitors/{unicom.pk}/offers",
        {"title": "专线100M", "monthly_price": "1800.00", "customer_id": customer.pk},
        content_type=JSON,
    )
    presence = api.post(
        f"/api/v1/competitors/{unicom.pk}/presences",
        {"customer_id": customer.pk, "subscribers": 40, "outcome": "present"},
        content_type=JSON,
    )
    refused = api_client_for(other_manager).post(
        f"/api/v1/competitors/{unicom.pk}/presences",
        {"customer_id": customer.pk, "subscribers": 1},
        content_type=JSON,
    )

    assert (offer.status_code, presence.status_code, refused.status_code) == (201, 201, 404)
    detail = api.get(f"/api/v1/competitors/{unicom.pk}").json()
    assert [o["title"] for o in detail["offers"]] == ["专线100M"]
    assert [p["subscribers"] for p in detail["presences"]] == [40]
    suzhou = next(r for r in api.get("/api/v1/market").json() if r["region"] == "苏州市")
    assert (suzhou["key_accounts"], suzhou["our_lines"], suzhou["prospects"]) == (1, 1, 1)
    assert {s["operator"]: s["lines"] for s in suzhou["shares"]} == {
        "cmcc": 1,
        "unicom": 40,
        "telecom": 120,
    }
