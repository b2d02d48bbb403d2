"""The visit pages render for the manager and keep others' visits out of reach."""

from __future__ import annotations

import datetime as dt

from kamdesk.visits.models import Visit
from tests.conftest import client_for
from tests.visits.factories import VisitFactory


def test_it_plans_a_visit_from_the_customer_page_and_shows_it(frozen, manager, customer):
    client = client_for(manager)
    page = client.get(f"/customers/{customer.pk}/")
    assert page.status_code == 200
    panel = client.get(f"/visits/customer/{customer.pk}/")
    assert "customer-visits" in panel.content.decode()
    response = client.post(
        f"/visits/new/?customer={customer.pk}",
        {
            "customer": customer.pk,
            "planned_date": "2026-11-27",
            "planned_time": "14:00",
            "planned_minutes": 60,
            "kind": "on_site",
            "purpose": "年度续约沟通",
        },
    )
    visit = Visit.objects.get(customer=customer)
    assert response.status_code == 302 and response["Location"] == f"/visits/{visit.pk}/"
    detail = client.get(f"/visits/{visit.pk}/").content.decode()
    assert "年度续约沟通" in detail and customer.name in detail
    panel = client.get(f"/visits/customer/{customer.pk}/").content.decode()
    assert "2026-11-27" in panel or "2026年11月27日" in panel


def test_the_month_and_week_calendars_show_the_managers_visits(frozen, manager, customer):
    VisitFactory(customer=customer, planned_date=dt.date(2026, 11, 26), purpose="季度走访")
    client = client_for(manager)
    month = client.get("/visits/calendar/?month=2026-11").content.decode()
    assert customer.name in month and 'data-day="2026-11-26"' in month
    week = client.get("/visits/week/?week=2026-11-26").content.decode()
    assert customer.name in week
    assert client.get("/visits/").status_code == 200
    assert client.get("/visits/coverage/").status_code == 200
    assert client.get(f"/visits/archive/?customer={customer.pk}").status_code == 200
    assert client.get("/visits/feeds/").status_code == 200


def test_another_managers_visit_does_not_exist_for_me(frozen, manager, other_manager, customer):
    visit = VisitFactory(customer=customer)
    client = client_for(other_manager)
    assert client.get(f"/visits/{visit.pk}/").status_code == 404
    assert client.post(f"/visits/{visit.pk}/complete/").status_code == 404
    assert customer.name not in client.get("/visits/calendar/?month=2026-11").content.decode()


def test_the_supervisor_sees_the_teams_visits(frozen, manager, supervisor, customer):
    visit = VisitFactory(customer=customer)
    client = client_for(supervisor)
    assert client.get(f"/visits/{visit.pk}/").status_code == 200
    assert (
        customer.name
        in client.get(f"/visits/calendar/?month=2026-11&manager={manager.pk}").content.decode()
    )


def test_the_back_office_may_not_see_visits(frozen, backoffice, customer):
    visit = VisitFactory(customer=customer)
    client = client_for(backoffice)
    assert client.get(f"/visits/{visit.pk}/").status_code in (403, 404)
    assert client.get("/visits/calendar/").status_code == 403
