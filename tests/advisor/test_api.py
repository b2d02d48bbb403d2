"""The API runs an optimisation and makes a proposal with the same figures as the pages;
another manager's customer does not exist for it."""

import datetime as dt

import pytest
import time_machine

from tests.advisor.factories import GB, MONTHS, line, plan, usage
from tests.conftest import api_client_for
from tests.factories import CustomerFactory
from tests.knowledge.factories import article

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)


@time_machine.travel(NOON, tick=False)
def test_it_optimises_and_proposes_through_the_api(manager, other_manager):
    old = plan("OLD0128", "128", minutes=500, gb=30)
    plan("P0058", "58", minutes=300, gb=10)
    customer = CustomerFactory(manager=manager)
    subscriber = line(customer, old)
    for month in MONTHS:
        usage(subscriber, month, minutes=250, mb=8 * GB)
    api = api_client_for(manager)

    run = api.post(
        "/api/v1/optimisations",
        {"customer_id": customer.pk, "months": 6},
        content_type="application/json",
    )

    assert run.status_code == 201, run.content
    body = run.json()
    assert (body["customer_saving_monthly"], body["customer_saving_yearly"]) == ("70.00", "840.00")
    assert body["operator_revenue_change_yearly"] == "-840.00"
    assert body["lines"][0]["recommended_plan"] == "P0058"
    assert "*" in body["lines"][0]["number_masked"]
    proposal = api.post(
        "/api/v1/proposals", {"optimisation_id": body["id"]}, content_type="application/json"
    ).json()
    assert proposal["customer_saving_monthly"] == "70.00"
    assert proposal["items"][0]["filing_number"] == body["lines"][0]["filing_number"]
    other = api_client_for(other_manager)
    assert other.get(f"/api/v1/optimisations/{body['id']}").status_code == 404
    assert (
        other.post(
            "/api/v1/optimisations", {"customer_id": customer.pk}, content_type="application/json"
        ).status_code
        == 404
    )


def test_it_searches_the_knowledge_base_in_chinese_through_the_api(manager, backoffice):
    article("tariff-notes", "套餐资费说明", "全球通套餐。")
    for user in (manager, backoffice):
        found = api_client_for(user).get("/api/v1/knowledge", {"q": "资费"}).json()
        assert [a["slug"] for a in found["items"]] == ["tariff-notes"]
    assert (
        api_client_for(backoffice)
        .post(
            "/api/v1/knowledge",
            {"slug": "x", "section": "law", "title": "t", "body": "b"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
