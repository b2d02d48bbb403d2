"""Reads of the knowledge base: everyone whose role may view ``knowledge`` reads the
published articles; those who may change it also see drafts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kamdesk.knowledge.models import Article, ArticleVersion
from kamdesk.knowledge.search import Hit, search
from kamdesk.users.models import User
from kamdesk.users.permissions import can

KIND = "knowledge"


def articles_visible_to(*, user: User, section: str = "", tag: str = "") -> QuerySet[Article]:
    if not can(user, "view", KIND):
        return Article.objects.none()
    qs = Article.objects.prefetch_related("tags")
    if not can(user, "change", KIND):
        qs = qs.filter(is_published=True)
    if section:
        qs = qs.filter(section=section)
    if tag:
        qs = qs.filter(tags__slug=tag)
    return qs


def article_get(*, user: User, slug: str) -> Article:
    try:
        return articles_visible_to(user=user).get(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404("No such article") from exc


def article_search(*, user: User, query: str, section: str = "", limit: int = 50) -> list[Hit]:
    return search(articles_visible_to(user=user, section=section), query, limit=limit)


def versions_of(*, article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("changed_by")


def version_get(*, user: User, slug: str, version: int) -> ArticleVersion:
    article = article_get(user=user, slug=slug)
    try:
        return article.versions.get(version=version)
    except ArticleVersion.DoesNotExist as exc:
        raise Http404("No such version") from exc


def knowledge_file_readable(user: User, owner_id: int) -> bool:
    """Attachments of an article are readable by whoever may read the article."""
    return articles_visible_to(user=user).filter(pk=owner_id).exists()
