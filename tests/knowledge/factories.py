"""Articles for the knowledge base's tests, created through the service (so indexed)."""

from __future__ import annotations

from kamdesk.knowledge.models import Article
from kamdesk.knowledge.services import ArticleInput, article_create


def article(
    slug: str,
    title: str,
    body: str,
    *,
    section: str = "business",
    summary: str = "",
    tags: list[str] | None = None,
    published: bool = True,
) -> Article:
    return article_create(
        actor=None,
        data=ArticleInput(
            slug=slug,
            section=section,
            title=title,
            body=body,
            summary=summary,
            tags=tags or [],
            is_published=published,
        ),
    )
