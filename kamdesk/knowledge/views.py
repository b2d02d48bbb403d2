"""The knowledge base's pages: search, sections, articles with versions, editing, and the
360-page panel that sends a short answer to a customer's contact."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact
from kamdesk.customers.selectors import customer_get, kind_require
from kamdesk.files.services import file_store, files_of
from kamdesk.knowledge.models import Article, Section, Tag
from kamdesk.knowledge.selectors import (
    article_get,
    article_search,
    articles_visible_to,
    version_get,
    versions_of,
)
from kamdesk.knowledge.services import (
    ArticleInput,
    article_answer_send,
    article_create,
    article_update,
)
from kamdesk.users.http import StaffRequest
from kamdesk.users.permissions import can

KIND = "knowledge"


def _need(request: StaffRequest, action: str = "view") -> None:
    if not can(request.user, "view", KIND):
        raise Http404("Not found")
    if action != "view" and not can(request.user, action, KIND):
        raise PermissionDenied


@require_GET
def index(request: StaffRequest) -> HttpResponse:
    _need(request)
    query = request.GET.get("q", "").strip()[:100]
    section = request.GET.get("section", "")
    section = section if section in Section.values else ""
    tag = request.GET.get("tag", "")[:50]
    hits = article_search(user=request.user, query=query, section=section) if query else None
    return render(
        request,
        "knowledge/index.html",
        {
            "query": query,
            "section": section,
            "tag": tag,
            "hits": hits,
            "articles": None
            if query
            else articles_visible_to(user=request.user, section=section, tag=tag),
            "sections": Section.choices,
            "tags": Tag.objects.filter(articles__isnull=False).distinct()[:60],
            "can_change": can(request.user, "change", KIND),
        },
    )


@require_GET
def article_detail(request: StaffRequest, slug: str) -> HttpResponse:
    _need(request)
    article = article_get(user=request.user, slug=slug)
    return render(
        request,
        "knowledge/article.html",
        {
            "article": article,
            "versions": versions_of(article=article)[:20],
            "attachments": files_of(owner_kind="knowledge", owner_id=article.pk),
            "can_change": can(request.user, "change", KIND),
        },
    )


@require_GET
def version_detail(request: StaffRequest, slug: str, version: int) -> HttpResponse:
    _need(request)
    row = version_get(user=request.user, slug=slug, version=version)
    return render(request, "knowledge/version.html", {"row": row, "article": row.article})


def _input(request: StaffRequest) -> ArticleInput:
    post = request.POST
    return ArticleInput(
        slug=post.get("slug", "").strip(),
        section=post.get("section", ""),
        title=post.get("title", ""),
        body=post.get("body", ""),
        summary=post.get("summary", ""),
        tags=[
            t for t in (x.strip() for x in post.get("tags", "").replace("，", ",").split(",")) if t
        ],
        is_published=post.get("is_published") == "on",
        source=post.get("source", ""),
    )


@require_http_methods(["GET", "POST"])
def article_edit(request: StaffRequest, slug: str = "") -> HttpResponse:
    _need(request, "change")
    article = article_get(user=request.user, slug=slug) if slug else None
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = _input(request)
        try:
            if article is None:
                article = article_create(
                    actor=request.user, data=data, note=request.POST.get("note", "")
                )
            else:
                article = article_update(
                    actor=request.user,
                    article=article,
                    data=data,
                    note=request.POST.get("note", ""),
                )
            messages.success(
                request, _("The article was saved as version %(v)s.") % {"v": article.version}
            )
            return redirect("knowledge:article", article.slug)
        except ValidationFailed as exc:
            errors = exc.errors
    return render(
        request,
        "knowledge/edit.html",
        {
            "article": article,
            "errors": errors,
            "post": request.POST if request.method == "POST" else None,
            "sections": Section.choices,
            "tag_text": ", ".join(article.tags.values_list("name", flat=True)) if article else "",
        },
    )


@require_POST
def article_attach(request: StaffRequest, slug: str) -> HttpResponse:
    _need(request, "change")
    article = article_get(user=request.user, slug=slug)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            file_store(
                upload=upload, owner_kind="knowledge", owner_id=article.pk, actor=request.user
            )
        except ValidationFailed as exc:
            for message in exc.errors.get("file", []):
                messages.error(request, message)
    return redirect("knowledge:article", article.slug)


@require_GET
def customer_panel(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    kind_require(user=request.user, action="view", kind=KIND)
    query = request.GET.get("q", "").strip()[:100]
    hits = article_search(user=request.user, query=query, limit=8) if query else []
    return render(
        request,
        "knowledge/_customer_panel.html",
        {
            "customer": customer,
            "query": query,
            "hits": hits,
            "contacts": customer.contacts.filter(is_active=True),
            "can_send": can(request.user, "change", "interaction"),
        },
    )


@require_POST
def answer_send(request: StaffRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    _need(request)
    if not can(request.user, "change", "interaction"):
        raise PermissionDenied
    article = Article.objects.filter(pk=request.POST.get("article") or 0, is_published=True).first()
    contact = Contact.objects.filter(pk=request.POST.get("contact") or 0, customer=customer).first()
    if article is None or contact is None:
        messages.error(request, _("Choose an article and a contact of this customer."))
        return redirect("customers:detail", customer.pk)
    try:
        article_answer_send(
            actor=request.user,
            article=article,
            customer=customer,
            contact=contact,
            channel=request.POST.get("channel", ""),
        )
        messages.success(request, _("The answer was sent and logged as an interaction."))
    except ValidationFailed as exc:
        for errors in exc.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("customers:detail", customer.pk)
