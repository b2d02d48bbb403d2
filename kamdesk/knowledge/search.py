"""Search of the knowledge base in Chinese, the same on SQLite and PostgreSQL.

Articles are segmented into the token table (``ArticleToken``) when saved; a query is
segmented the same way and looked up there with plain ORM queries. Ranking: first the
articles that satisfy more of the query's words, then those where they are in the title,
then the weighted count (title, tags, short answer, text). Snippets show the first place
in the text where a query word occurs, with the words marked.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kamdesk.knowledge.models import Article, ArticleToken, Field
from kamdesk.knowledge.segmentation import counts, pinyin_of, query_words

WEIGHTS = {Field.TITLE: 20, Field.TAG: 8, Field.SUMMARY: 4, Field.BODY: 1, Field.PINYIN: 10}
BODY_CAP = 5  # a word repeated in the text counts at most this many times
SNIPPET_BEFORE, SNIPPET_AFTER = 30, 70


def index_rows(article: Article, tag_names: list[str]) -> list[ArticleToken]:
    fields = {
        Field.TITLE: counts(article.title),
        Field.TAG: counts(" ".join(tag_names)),
        Field.SUMMARY: counts(article.summary),
        Field.BODY: counts(article.body),
    }
    fields[Field.PINYIN] = Counter(p for p in (pinyin_of(w) for w in fields[Field.TITLE]) if p)
    return [
        ArticleToken(article=article, token=token, field=name, count=n)
        for name, found in fields.items()
        for token, n in found.items()
    ]


def article_index(article: Article) -> int:
    """(Re)build the article's tokens; returns how many rows were written."""
    rows = index_rows(article, list(article.tags.values_list("name", flat=True)))
    with transaction.atomic():
        ArticleToken.objects.filter(article=article).delete()
        ArticleToken.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@dataclass
class Hit:
    article: Article
    satisfied: int
    in_title: bool
    score: int
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308


def _scores(articles: QuerySet[Article], wanted: set[str]) -> dict[int, dict[str, dict[str, int]]]:
    """article id → token → field → count, for the query's tokens only."""
    found: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    rows = ArticleToken.objects.filter(token__in=wanted, article__in=articles).values_list(
        "article_id", "token", "field", "count"
    )
    for article_id, token, name, n in rows:
        found[article_id][token][name] = n
    return found


def _satisfies(tokens: dict[str, dict[str, int]], word: str, inner: list[str]) -> bool:
    return word in tokens or bool(inner) and all(w in tokens for w in inner)


def _rank(
    tokens: dict[str, dict[str, int]], words: list[tuple[str, list[str]]]
) -> tuple[int, bool, int]:
    satisfied = sum(1 for word, inner in words if _satisfies(tokens, word, inner))
    in_title = any(Field.TITLE in f or Field.PINYIN in f for f in tokens.values())
    score = sum(
        WEIGHTS[Field(name)] * (min(n, BODY_CAP) if name == Field.BODY else n)
        for fields in tokens.values()
        for name, n in fields.items()
    )
    return satisfied, in_title, score


def snippet(text: str, words: list[str]) -> SafeString:
    """About a hundred characters around the first query word in ``text``, marked."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    lowered = text.lower()
    positions = [lowered.find(w) for w in words if lowered.find(w) >= 0]
    start = max(0, min(positions) - SNIPPET_BEFORE) if positions else 0
    piece = text[start : start + SNIPPET_BEFORE + SNIPPET_AFTER]
    html = str(escape(piece))
    if words:
        pattern = re.compile("|".join(re.escape(str(escape(w))) for w in words), re.IGNORECASE)
        html = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + len(piece) < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - escaped above


def search(articles: QuerySet[Article], query: str, *, limit: int = 50) -> list[Hit]:
    """The articles of ``articles`` matching ``query``, best first."""
    words = query_words(query)
    if not words:
        return []
    wanted = {w for word, inner in words for w in (word, *inner)}
    wanted |= {p for p in (pinyin_of(w) for w in list(wanted)) if p}
    found = _scores(articles, wanted)
    ranked = sorted(
        ((article_id, _rank(tokens, words)) for article_id, tokens in found.items()),
        key=lambda pair: (-pair[1][0], not pair[1][1], -pair[1][2], pair[0]),
    )
    ranked = [pair for pair in ranked if pair[1][0] > 0][:limit]
    by_id = Article.objects.in_bulk([article_id for article_id, _ in ranked])
    marks = sorted(wanted, key=len, reverse=True)
    return [
        Hit(
            article=by_id[article_id],
            satisfied=rank[0],
            in_title=rank[1],
            score=rank[2],
            snippet=snippet(by_id[article_id].body, marks),
        )
        for article_id, rank in ranked
        if article_id in by_id
    ]
