"""The manager's home: each panel lists what to act on today, one click from its record,
and a panel whose capability fails disappears without breaking the page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.home import panels as home_panels
from tests.conftest import client_for
from tests.factories import ContactFactory, CustomerFactory, InteractionFactory, grade
from tests.home.factories import make_ticket

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # Wednesday 10:00 in Shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_shows_the_panels_as_lazy_placeholders(manager):
    response = client_for(manager).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for key in ("requests", "birthdays", "not_contacted", "notifications"):
        assert f'hx-get="/home/panels/{key}/"' in html
    assert 'hx-get="/home/panels/team/"' not in html  # supervisors only


def test_it_lists_requests_about_to_breach_with_a_link_to_each(manager, other_manager):
    customer = CustomerFactory(manager=manager, name="南京星科")
    breached = make_ticket(
        customer=customer,
        opened_at=NOW - dt.timedelta(days=2),
        title="专线中断",
        due_at=NOW - dt.timedelta(hours=1),
        breached_at=NOW - dt.timedelta(hours=1),
    )
    warned = make_ticket(
        customer=customer,
        opened_at=NOW - dt.timedelta(hours=5),
        title="账单争议",
        due_at=NOW + dt.timedelta(hours=2),
        warn_at=NOW - dt.timedelta(minutes=5),
    )
    make_ticket(  # far from its deadline
        customer=customer,
        opened_at=NOW,
        title="新增号码",
        due_at=NOW + dt.timedelta(days=5),
        warn_at=NOW + dt.timedelta(days=4),
    )
    make_ticket(  # another manager's customer
        customer=CustomerFactory(manager=other_manager),
        opened_at=NOW,
        title="别人的请求",
        due_at=NOW,
        breached_at=NOW,
    )
    html = client_for(manager).get("/home/panels/requests/").content.decode()
    assert "专线中断" in html and "账单争议" in html
    assert "新增号码" not in html and "别人的请求" not in html
    assert f'href="/requests/{breached.pk}/"' in html and f'href="/requests/{warned.pk}/"' in html
    assert html.index("专线中断") < html.index("账单争议")  # soonest deadline first


def test_it_suggests_a_greeting_only_where_the_contact_consented(manager):
    customer = CustomerFactory(manager=manager)
    ContactFactory(
        customer=customer,
        name="王总",
        birthday=dt.date(1975, 11, 27),
        consent_greetings=True,
        preferred_channel="sms",
    )
    ContactFactory(
        customer=customer,
        name="赵经理",
        birthday=dt.date(1980, 11, 26),
        consent_greetings=False,
        preferred_channel="sms",
    )
    ContactFactory(customer=customer, name="孙工", birthday=dt.date(1980, 12, 10))
    html = client_for(manager).get("/home/panels/birthdays/").content.decode()
    assert "王总" in html and "赵经理" in html and "孙工" not in html
    assert "祝您生日快乐" in html or "happy birthday" in html.lower()
    assert html.count("/home/greetings/") == 1  # the one greeting that may be sent


def test_it_sends_the_greeting_once_by_the_preferred_channel(manager):
    from kamdesk.customers.models import Interaction
    from kamdesk.notifications.models import OutboundMessage

    contact = ContactFactory(
        customer=CustomerFactory(manager=manager),
        name="王总",
        phone="13911112222",
        birthday=dt.date(1975, 11, 27),
        consent_greetings=True,
        preferred_channel="sms",
    )
    client = client_for(manager)
    client.post(f"/home/greetings/{contact.pk}/")
    client.post(f"/home/greetings/{contact.pk}/")
    sent = OutboundMessage.objects.get()
    assert sent.channel == "sms" and sent.recipient == "13911112222"
    assert Interaction.objects.filter(contact=contact, channel="sms").count() == 1


def test_it_lists_customers_not_contacted_for_longer_than_their_policy(manager):
    silent = CustomerFactory(manager=manager, name="久未联系集团", grade=grade("A"))
    InteractionFactory(customer=silent, occurred_at=NOW - dt.timedelta(days=40))
    recent = CustomerFactory(manager=manager, name="刚联系集团", grade=grade("A"))
    InteractionFactory(customer=recent, occurred_at=NOW - dt.timedelta(days=3))
    never = CustomerFactory(manager=manager, name="从未联系集团", grade=grade("B"))
    html = client_for(manager).get("/home/panels/not_contacted/").content.decode()
    assert "久未联系集团" in html and "从未联系集团" in html and "刚联系集团" not in html
    assert f'href="/customers/{never.pk}/"' in html


def test_a_failing_capability_leaves_an_empty_fragment(manager, monkeypatch):
    import kamdesk.home.panels.requests as requests_panel

    def broken(**kwargs):
        raise RuntimeError("capability down")

    monkeypatch.setattr(requests_panel, "provide", broken)
    response = client_for(manager).get("/home/panels/requests/")
    assert response.status_code == 200 and response.content == b""
    assert client_for(manager).get("/").status_code == 200


def test_a_panel_whose_app_is_missing_does_not_appear(manager, monkeypatch):
    spec = home_panels.PanelSpec("ghost", "Ghost", "kamdesk.ghost", "ghost", "profile", 1)
    monkeypatch.setattr(home_panels, "PANELS", (*home_panels.PANELS, spec))
    assert "ghost" not in [p.key for p in home_panels.panels_for(user=manager)]
    assert client_for(manager).get("/home/panels/ghost/").content == b""


def test_the_supervisor_sees_the_team_panel(supervisor, manager):
    CustomerFactory(manager=manager)
    html = client_for(supervisor).get("/home/panels/team/").content.decode()
    assert str(manager) in html


def test_other_roles_go_to_their_own_start_page(backoffice, auditor):
    assert client_for(backoffice).get("/").url == "/requests/queue/"
    assert client_for(auditor).get("/").status_code == 302


def test_visits_retention_and_commitments_panels_list_todays_work(manager):
    from tests.scorecards.factories import commitment, visit

    customer = CustomerFactory(manager=manager, name="星科集团")
    visit(customer, dt.date(2026, 11, 27), purpose="周五走访", route_order=1)
    visit(customer, dt.date(2026, 11, 25), purpose="今日走访", route_order=2)
    visit(customer, dt.date(2026, 11, 20), purpose="上周已完成", status="completed")
    required = visit(
        customer,
        dt.date(2026, 11, 26),
        purpose="",
        required_reason="retention",
        due_by=dt.date(2026, 11, 28),
        source_ref="alert:1",
    )
    overdue = commitment(customer, dt.date(2026, 11, 23), title="寄送专线报价", status="overdue")
    commitment(customer, dt.date(2026, 12, 20), title="明年再办")
    client = client_for(manager)

    visits_html = client.get("/home/panels/visits/").content.decode()
    assert "今日走访" in visits_html and "周五走访" in visits_html
    assert "上周已完成" not in visits_html
    assert visits_html.index("今日走访") < visits_html.index("周五走访")  # route order by day
    retention_html = client.get("/home/panels/retention/").content.decode()
    from kamdesk.home.panels._links import record_url

    assert retention_html.count("<li") == 1
    assert record_url("visits:detail", required.pk, customer.pk) in retention_html
    assert "2026-11-28" in retention_html  # the deadline
    commitments_html = client.get("/home/panels/commitments/").content.decode()
    assert "寄送专线报价" in commitments_html and "明年再办" not in commitments_html
    assert f"/commitments/{overdue.pk}/" in commitments_html


def test_the_supervisor_sees_dropped_required_visits(supervisor, manager):
    from tests.scorecards.factories import visit

    customer = CustomerFactory(manager=manager)
    visit(
        customer,
        dt.date(2026, 11, 24),
        status="cancelled",
        required_reason="retention",
        source_ref="alert:9",
        cancelled_at=NOW - dt.timedelta(days=1),
        cancel_reason="客户拒绝见面",
    )
    html = client_for(supervisor).get("/home/panels/dropped_visits/").content.decode()
    assert "客户拒绝见面" in html
    assert client_for(manager).get("/home/panels/dropped_visits/").content == b""
