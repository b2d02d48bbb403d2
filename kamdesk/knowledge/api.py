"""/api/v1/knowledge: search in Chinese, read articles and their versions; write for the
roles that maintain the knowledge base."""

from __future__ import annotations

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status
from ninja.errors import HttpError

from kamdesk.customers.schemas import (
    ApiRequest,
    Body,
    PageParams,
    Str50,
    Str100,
    Str200,
    Str300,
    answers,
)
from kamdesk.knowledge.models import Article, ArticleVersion
from kamdesk.knowledge.selectors import (
    article_get,
    article_search,
    articles_visible_to,
    version_get,
    versions_of,
)
from kamdesk.knowledge.services import ArticleInput, article_create, article_update
from kamdesk.users.permissions import can

router = Router(tags=["knowledge"])
Slug = PathEx[str, P(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Version = PathEx[int, P(ge=1, le=1_000_000)]
SectionIn = Literal["", "company", "business", "procedures", "market", "law"]
LongText = Annotated[str, Field(max_length=50_000)]


class KnowledgeQuery(PageParams):
    q: Str100 = Field("", description="Words in Chinese (segmented with jieba) or pinyin.")
    section: SectionIn = ""
    tag: Str50 = ""


class ArticleOut(Schema):
    slug: str
    section: str
    title: str
    summary: str
    tags: list[str]
    version: int
    is_published: bool
    updated_at: str
    snippet_html: str = Field("", description="Where the query matched, words in <mark>.")

    @classmethod
    def of(cls, a: Article, snippet: str = "") -> ArticleOut:
        return cls(
            slug=a.slug,
            section=a.section,
            title=a.title,
            summary=a.summary,
            tags=[t.name for t in a.tags.all()],
            version=a.version,
            is_published=a.is_published,
            updated_at=a.updated_at.isoformat(),
            snippet_html=snippet,
        )


class ArticlePage(Schema):
    items: list[ArticleOut]
    count: int


class VersionOut(Schema):
    version: int
    title: str
    summary: str
    body: str
    tags: list[str]
    note: str
    created_at: str

    @classmethod
    def of(cls, v: ArticleVersion) -> VersionOut:
        return cls(
            version=v.version,
            title=v.title,
            summary=v.summary,
            body=v.body,
            tags=[str(t) for t in v.tags],
            note=v.note,
            created_at=v.created_at.isoformat(),
        )


class ArticleDetailOut(ArticleOut):
    body: str
    source: str
    versions: list[int]


class ArticleIn(Body):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
    section: Literal["company", "business", "procedures", "market", "law"]
    title: Str200
    body: LongText
    summary: Str300 = ""
    tags: list[Str50] = Field(default_factory=list, max_length=20)
    is_published: bool = True
    source: Str200 = ""
    note: Str200 = ""


def _detail(a: Article) -> ArticleDetailOut:
    return ArticleDetailOut(
        **ArticleOut.of(a).model_dump(),
        body=a.body,
        source=a.source,
        versions=list(versions_of(article=a).values_list("version", flat=True)),
    )


def _need(user, action: str) -> None:  # type: ignore[no-untyped-def]
    if not can(user, "view", "knowledge"):
        raise HttpError(404, _("Not found."))
    if action != "view" and not can(user, action, "knowledge"):
        raise HttpError(403, _("You may not change the knowledge base."))


@router.get("/knowledge", response=answers({200: ArticlePage}))
def list_articles(request: ApiRequest, params: Query[KnowledgeQuery]):  # type: ignore[no-untyped-def]
    """Articles, or with ``q`` the search results best first (title matches first)."""
    _need(request.auth, "view")
    if params.q.strip():
        hits = article_search(user=request.auth, query=params.q, section=params.section, limit=500)
        page = hits[params.offset : params.offset + params.limit]
        return {
            "items": [ArticleOut.of(h.article, str(h.snippet)) for h in page],
            "count": len(hits),
        }
    qs = articles_visible_to(user=request.auth, section=params.section, tag=params.tag)
    rows = qs[params.offset : params.offset + params.limit]
    return {"items": [ArticleOut.of(a) for a in rows], "count": qs.count()}


@router.post("/knowledge", response=answers({201: ArticleDetailOut}, write=True))
def create_article(request: ApiRequest, payload: ArticleIn):  # type: ignore[no-untyped-def]
    _need(request.auth, "change")
    data = ArticleInput(**payload.model_dump(exclude={"note"}))
    return Status(201, _detail(article_create(actor=request.auth, data=data, note=payload.note)))


@router.get("/knowledge/{slug}", response=answers({200: ArticleDetailOut}))
def get_article(request: ApiRequest, slug: Slug):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return _detail(article_get(user=request.auth, slug=slug))


@router.put("/knowledge/{slug}", response=answers({200: ArticleDetailOut}, write=True))
def update_article(request: ApiRequest, slug: Slug, payload: ArticleIn):  # type: ignore[no-untyped-def]
    """Save a new version of the article (the earlier versions stay readable)."""
    _need(request.auth, "view")
    article = article_get(user=request.auth, slug=slug)
    _need(request.auth, "change")
    data = ArticleInput(**payload.model_dump(exclude={"note"}))
    return _detail(
        article_update(actor=request.auth, article=article, data=data, note=payload.note)
    )


@router.get("/knowledge/{slug}/versions/{version}", response=answers({200: VersionOut}))
def get_version(request: ApiRequest, slug: Slug, version: Version):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return VersionOut.of(version_get(user=request.auth, slug=slug, version=version))
