"""Articles keep every version under a stable slug; a short answer goes to a customer's
contact from the 360 page and is logged as an interaction."""

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Interaction
from kamdesk.knowledge.models import ArticleVersion
from kamdesk.knowledge.selectors import article_search
from kamdesk.knowledge.services import ArticleInput, article_update
from kamdesk.notifications.models import OutboundMessage
from tests.conftest import client_for
from tests.factories import ContactFactory, CustomerFactory
from tests.knowledge.factories import article

pytestmark = pytest.mark.django_db


def test_it_keeps_every_version_and_reindexes_the_new_text(supervisor, manager):
    first = article(
        "data-carry-over", "流量结转规则", "当月未用完的流量可结转至次月。", tags=["资费"]
    )
    article_update(
        actor=supervisor,
        article=first,
        note="补充加油包规则",
        data=ArticleInput(
            slug="data-carry-over",
            section="business",
            title="流量结转规则",
            body="加油包不结转；套餐内流量可结转至次月。",
            tags=["资费", "流量"],
        ),
    )

    first.refresh_from_db()
    assert first.version == 2 and first.slug == "data-carry-over"
    versions = {v.version: v for v in ArticleVersion.objects.filter(article=first)}
    assert "加油包" not in versions[1].body and "加油包" in versions[2].body
    assert versions[2].tags == ["流量", "资费"] and versions[2].note == "补充加油包规则"
    assert [h.article.slug for h in article_search(user=manager, query="加油包")] == [
        "data-carry-over"
    ]
    with pytest.raises(ValidationFailed) as exc:
        article_update(
            actor=supervisor,
            article=first,
            data=ArticleInput(slug="Bad Slug", section="nowhere", title="", body=""),
        )
    assert set(exc.value.errors) == {"slug", "section", "title", "body"}


def test_it_sends_a_short_answer_from_the_360_page(manager):
    customer = CustomerFactory(manager=manager)
    contact = ContactFactory(customer=customer, phone="13812345678")
    porting = article(
        "porting",
        "携号转网办理",
        "发送CXXZ查询资格。",
        section="procedures",
        summary="发送CXXZ#姓名#证件号码到10086查询携转资格。",
    )
    client = client_for(manager)
    panel = client.get(f"/knowledge/customer/{customer.pk}/", {"q": "携号转网"})
    assert panel.status_code == 200 and "携号转网办理" in panel.content.decode()

    client.post(
        f"/knowledge/customer/{customer.pk}/send/",
        {"article": porting.pk, "contact": contact.pk, "channel": "sms"},
    )

    sent = OutboundMessage.objects.get()
    assert sent.recipient == "13812345678" and "CXXZ" in sent.body
    logged = Interaction.objects.get(customer=customer)
    assert (logged.contact, logged.channel, logged.staff) == (contact, "sms", manager)


def test_it_hides_the_panel_for_another_managers_customer(manager, other_manager):
    customer = CustomerFactory(manager=manager)
    assert client_for(other_manager).get(f"/knowledge/customer/{customer.pk}/").status_code == 404


def test_it_serves_the_knowledge_pages(manager, supervisor):
    article("tariff-notes", "套餐资费说明", "资费正文。")
    client = client_for(manager)
    assert "套餐资费说明" in client.get("/knowledge/", {"q": "资费"}).content.decode()
    assert client.get("/knowledge/tariff-notes/").status_code == 200
    assert client.get("/knowledge/tariff-notes/v1/").status_code == 200
    assert client.get("/knowledge/new/").status_code == 403
    editor = client_for(supervisor)
    answer = editor.post(
        "/knowledge/new/",
        {
            "slug": "vpmn",
            "section": "business",
            "title": "集团V网",
            "body": "短号互打。",
            "is_published": "on",
            "tags": "V网，集团产品",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/knowledge/vpmn/"
