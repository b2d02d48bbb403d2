"""The personal iCalendar feed: parses, local times, opaque by default, only one's own
visits, and a revoked token answers 404."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from kamdesk.visits.models import CalendarFeed, VisitSettings
from kamdesk.visits.services.feeds import feed_create, feed_revoke
from tests.conftest import client_for
from tests.factories import CustomerFactory
from tests.visits.factories import VisitFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def visits(frozen, manager, other_manager, customer):
    mine = VisitFactory(
        customer=customer,
        planned_date=dt.date(2026, 11, 26),
        planned_time=dt.time(14, 30),
        planned_minutes=90,
        purpose="续约谈判",
    )
    theirs = VisitFactory(customer=CustomerFactory(manager=other_manager, name="苏州某某有限公司"))
    return mine, theirs


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_the_feed_holds_my_visits_in_local_time_without_names(visits, manager, customer):
    mine, theirs = visits
    token = feed_create(user=manager)
    response = Client().get(f"/calendar/{token}.ics")  # a calendar program has no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    start = event.decoded("dtstart")
    assert start.astimezone(SHANGHAI).replace(tzinfo=None) == dt.datetime(2026, 11, 26, 14, 30)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=90)
    text = response.content.decode()
    assert customer.code in str(event.get("summary")) and f"V{mine.pk}" in str(event.get("summary"))
    assert customer.name not in text and "续约谈判" not in text and customer.address not in text
    assert "苏州某某" not in text and f"visit-{theirs.pk}@" not in text


def test_an_administrator_may_turn_on_full_details(visits, manager, customer):
    VisitSettings.objects.filter(pk=1).update(feed_full_details=True)
    VisitSettings.objects.get_or_create(pk=1, defaults={"feed_full_details": True})
    token = feed_create(user=manager)
    (event,) = _events(Client().get(f"/calendar/{token}.ics").content)
    assert customer.name in str(event.get("summary"))
    assert "续约谈判" in str(event.get("description"))


def test_a_revoked_or_unknown_token_answers_404(visits, manager):
    token = feed_create(user=manager)
    feed = CalendarFeed.objects.get(user=manager)
    feed_revoke(feed=feed, actor=manager)
    assert Client().get(f"/calendar/{token}.ics").status_code == 404
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_the_manager_creates_and_revokes_a_subscription_on_the_page(visits, manager):
    client = client_for(manager)
    page = client.post("/visits/feeds/", {"action": "create"}).content.decode()
    url = page.split('<code class="text-break">')[1].split("</code>")[0]
    path = url.split("testserver", 1)[1]
    assert Client().get(path).status_code == 200
    feed = CalendarFeed.objects.get(user=manager)
    client.post("/visits/feeds/", {"action": "revoke", "feed": feed.pk})
    assert Client().get(path).status_code == 404


def test_one_visit_exports_as_ics(visits, manager):
    mine, _theirs = visits
    response = client_for(manager).get(f"/visits/{mine.pk}/visit.ics")
    assert response.status_code == 200
    (event,) = _events(response.content)
    assert str(event.get("uid")) == f"visit-{mine.pk}@kamdesk"
