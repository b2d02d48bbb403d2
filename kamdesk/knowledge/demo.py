"""The demo knowledge base: the articles of ``demo_articles``, created once."""

from __future__ import annotations

from kamdesk.knowledge.demo_articles import ARTICLES
from kamdesk.knowledge.models import Article
from kamdesk.knowledge.services import ArticleInput, article_create


def knowledge_demo_load() -> int:
    """Create the demo articles that are not there yet; returns how many were created."""
    existing = set(Article.objects.values_list("slug", flat=True))
    made = 0
    for row in ARTICLES:
        if row["slug"] in existing:
            continue
        article_create(
            actor=None,
            data=ArticleInput(
                slug=str(row["slug"]),
                section=str(row["section"]),
                title=str(row["title"]),
                body=str(row["body"]),
                summary=str(row.get("summary", "")),
                tags=list(row.get("tags", [])),  # type: ignore[call-overload]
                source=str(row.get("source", "")),
            ),
        )
        made += 1
    return made
