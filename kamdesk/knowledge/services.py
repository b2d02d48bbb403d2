"""Writes of the knowledge base: articles with versions, and answers sent to customers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact, Customer
from kamdesk.customers.services import interaction_create
from kamdesk.knowledge.models import Article, ArticleVersion, Section, Tag
from kamdesk.knowledge.search import article_index
from kamdesk.notifications.services import outbox_email, outbox_sms
from kamdesk.users.models import User

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class ArticleInput:
    slug: str
    section: str
    title: str
    body: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    is_published: bool = True
    source: str = ""


def _errors(data: ArticleInput, article: Article | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _SLUG.match(data.slug or ""):
        errors["slug"] = [_("Use lower-case letters, digits and hyphens.")]
    elif (
        Article.objects.filter(slug=data.slug)
        .exclude(pk=article.pk if article is not None else 0)
        .exists()
    ):
        errors["slug"] = [_("An article with this slug exists.")]
    if data.section not in Section.values:
        errors["section"] = [_("Unknown section.")]
    for name in ("title", "body"):
        if not getattr(data, name).strip():
            errors[name] = [_("This field is required.")]
    if len(data.title) > 200:
        errors["title"] = [_("At most 200 characters.")]
    if len(data.summary) > 300:
        errors["summary"] = [_("At most 300 characters.")]
    if any(not t.strip() or len(t) > 50 for t in data.tags):
        errors["tags"] = [_("Each tag has 1 to 50 characters.")]
    return errors


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag, _created = Tag.objects.get_or_create(slug=name.lower()[:50], defaults={"name": name})
        tags.append(tag)
    return tags


def _snapshot(article: Article, actor: User | None, note: str) -> None:
    ArticleVersion.objects.create(
        article=article,
        version=article.version,
        section=article.section,
        title=article.title,
        summary=article.summary,
        body=article.body,
        tags=sorted(article.tags.values_list("name", flat=True)),
        note=note[:200],
        changed_by=actor,
    )


def _apply(article: Article, data: ArticleInput, actor: User | None) -> None:
    article.slug = data.slug
    article.section = data.section
    article.title = data.title.strip()
    article.body = data.body.strip()
    article.summary = data.summary.strip()
    article.is_published = data.is_published
    article.source = data.source.strip()[:200]
    article.updated_by = actor


def article_create(*, actor: User | None, data: ArticleInput, note: str = "") -> Article:
    errors = _errors(data, None)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        article = Article(version=1)
        _apply(article, data, actor)
        article.save()
        article.tags.set(_tags(data.tags))
        _snapshot(article, actor, note or _("First version"))
        article_index(article)
        audit_record(actor=actor, action="knowledge.article_created", target=article)
    return article


def article_update(*, actor: User, article: Article, data: ArticleInput, note: str = "") -> Article:
    """Save a new version; earlier versions stay readable (and quizzes built on them)."""
    errors = _errors(data, article)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        _apply(article, data, actor)
        article.version += 1
        article.save()
        article.tags.set(_tags(data.tags))
        _snapshot(article, actor, note)
        article_index(article)
        audit_record(
            actor=actor,
            action="knowledge.article_updated",
            target=article,
            extra={"version": article.version, "note": note[:200]},
        )
    return article


def article_answer_send(
    *, actor: User, article: Article, customer: Customer, contact: Contact, channel: str
) -> None:
    """Send the article's short answer to a customer's contact; logged as an interaction."""
    errors: dict[str, list[str]] = {}
    if not article.summary.strip():
        errors["article"] = [_("This article has no short answer to send.")]
    if contact.customer_id != customer.pk:
        errors["contact"] = [_("This contact belongs to another customer.")]
    if channel == "sms" and not contact.phone:
        errors["channel"] = [_("The contact has no phone number.")]
    elif channel == "email" and not contact.email:
        errors["channel"] = [_("The contact has no e-mail address.")]
    elif channel not in ("sms", "email"):
        errors["channel"] = [_("Choose SMS or e-mail.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        body = f"【{article.title}】{article.summary}"
        key = f"knowledge:{article.pk}:{contact.pk}:{timezone.now():%Y%m%d%H%M%S%f}"
        if channel == "sms":
            outbox_sms(to=contact.phone, body=body, dedup_key=key)
        else:
            outbox_email(to=contact.email, subject=article.title, body=body, dedup_key=key)
        interaction_create(
            actor=actor, customer=customer, channel=channel, summary=body, contact=contact
        )
        audit_record(
            actor=actor,
            action="knowledge.answer_sent",
            target=article,
            customer_id=customer.pk,
            extra={"channel": channel, "contact": contact.pk, "version": article.version},
        )
