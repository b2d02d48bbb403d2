"""Search in Chinese on the token table: a word is found inside longer phrases, title
matches rank first, snippets are marked; the same on SQLite and PostgreSQL (the suite
runs on both)."""

import pytest

from kamdesk.knowledge.selectors import article_search
from tests.knowledge.factories import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return {
        "tariffs": article("tariff-notes", "套餐资费说明", "全球通、5G智享和动感地带的主力套餐。"),
        "body": article(
            "roaming",
            "出境前要做的事",
            "出境前开通国际漫游。" + "漫游资费按目的地计算，资费较高。" * 6,
        ),
        "porting": article(
            "porting",
            "携号转网办理与挽留",
            "携号转网服务管理规定要求不得设置障碍。",
            section="procedures",
        ),
        "law": article(
            "pipl",
            "个人信息保护要点",
            "依据个人信息保护法，处理个人信息应取得同意。",
            section="law",
            tags=["个人信息保护法"],
        ),
        "draft": article("draft", "资费草稿", "未发布的资费文章。", published=False),
    }


def _slugs(user, query):
    return [hit.article.slug for hit in article_search(user=user, query=query)]


def test_it_finds_a_word_inside_longer_phrases(manager, articles):
    assert "tariff-notes" in _slugs(manager, "资费")  # 资费 inside 套餐资费说明
    assert _slugs(manager, "携号转网") == ["porting"]  # inside 携号转网服务管理规定 too
    assert _slugs(manager, "保护法") == ["pipl"]


def test_it_ranks_title_matches_before_text_matches(manager, articles):
    slugs = _slugs(manager, "资费")
    # 出境前要做的事 says 资费 twelve times in its text; the title match still comes first.
    assert slugs == ["tariff-notes", "roaming"]


def test_it_ranks_articles_satisfying_more_words_first(manager, articles):
    assert _slugs(manager, "漫游 资费")[0] == "roaming"


def test_it_marks_the_words_in_a_snippet(manager, articles):
    hit = next(h for h in article_search(user=manager, query="漫游") if h.article.slug == "roaming")
    assert "<mark>漫游</mark>" in hit.snippet


def test_it_finds_a_title_by_its_pinyin(manager, articles):
    assert "tariff-notes" in _slugs(manager, "zifei")


def test_it_shows_drafts_only_to_those_who_may_edit(manager, supervisor, articles):
    assert "draft" not in _slugs(manager, "资费")
    assert "draft" in _slugs(supervisor, "资费")


def test_it_finds_nothing_for_roles_without_the_knowledge_base(auditor, articles):
    assert _slugs(auditor, "资费") == []
