"""Contacts and interactions added from the 360 page with htmx."""

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import Contact, Interaction
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_it_adds_a_contact_and_shows_it_masked(manager, group):
    response = client_for(manager).post(
        f"/customers/{group.pk}/contacts/new/",
        {
            "name": "孙总",
            "title": "总经理",
            "decision_role": "decision_maker",
            "phone": "13612345678",
            "preferred_channel": "wechat",
            "birthday": "1975-06-01",
            "consent_greetings": "on",
            "hobbies": "钓鱼",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="contacts-panel"' in html and "<html" not in html
    assert "孙总" in html and "136****5678" in html and "13612345678" not in html
    contact = Contact.objects.get(name="孙总")
    assert contact.consent_greetings and contact.hobbies == "钓鱼"
    assert AuditEvent.objects.filter(action="contact.created", customer_id=group.pk).exists()


def test_it_shows_the_services_message_and_writes_nothing(manager, group):
    response = client_for(manager).post(
        f"/customers/{group.pk}/contacts/new/", {"name": "", "phone": "138-abc"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="invalid-feedback d-block"') == 2
    assert not Contact.objects.exists()


def test_it_edits_a_contact_inline(manager, group, contact):
    client = client_for(manager)
    form = client.get(f"/customers/{group.pk}/contacts/{contact.pk}/edit/", headers=HTMX)
    assert "钱主任" in form.content.decode()
    client.post(
        f"/customers/{group.pk}/contacts/{contact.pk}/edit/",
        {"name": "钱主任", "title": "副总经理", "phone": contact.phone},
        headers=HTMX,
    )
    contact.refresh_from_db()
    assert contact.title == "副总经理"


def test_it_records_and_shows_the_day_a_contact_took_their_post(manager, group, contact):
    client = client_for(manager)
    form = client.get(f"/customers/{group.pk}/contacts/{contact.pk}/edit/", headers=HTMX)
    assert 'name="in_post_since"' in form.content.decode()
    response = client.post(
        f"/customers/{group.pk}/contacts/{contact.pk}/edit/",
        {"name": "钱主任", "phone": contact.phone, "in_post_since": "2021-11-27"},
        headers=HTMX,
    )
    contact.refresh_from_db()
    assert str(contact.in_post_since) == "2021-11-27"
    html = response.content.decode()
    assert "任职日期" in html and "2021-11-27" in html


def test_it_keeps_contacts_of_other_managers_out_of_reach(manager, other_manager, contact):
    response = client_for(other_manager).post(
        f"/customers/{contact.customer_id}/contacts/{contact.pk}/edit/",
        {"name": "X"},
        headers=HTMX,
    )
    assert response.status_code == 404


def test_it_records_an_interaction_and_shows_it_first(manager, group, contact, interaction):
    response = client_for(manager).post(
        f"/customers/{group.pk}/interactions/new/",
        {
            "channel": "visit",
            "occurred_at": "2026-11-02T10:30",
            "contact": str(contact.pk),
            "summary": "上门拜访，确认专线扩容方案",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="interactions-panel"' in html
    assert html.index("确认专线扩容方案") < html.index("电话沟通专线扩容需求")
    assert "2026-11-02 10:30" in html
    saved = Interaction.objects.get(channel="visit")
    assert saved.contact == contact and saved.staff == manager


def test_it_refuses_an_empty_interaction(manager, group):
    response = client_for(manager).post(
        f"/customers/{group.pk}/interactions/new/",
        {"channel": "call", "summary": " "},
        headers=HTMX,
    )
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Interaction.objects.exists()


def test_it_goes_back_to_the_360_page_without_htmx(manager, group):
    response = client_for(manager).post(
        f"/customers/{group.pk}/interactions/new/", {"channel": "call", "summary": "回访"}
    )
    assert response.status_code == 302 and response["Location"] == f"/customers/{group.pk}/"
