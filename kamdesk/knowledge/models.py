"""The knowledge base (K1–K6): articles in sections, with versions, tags and a token
table for search in Chinese.

Slugs are stable: other capabilities (the learning paths and quizzes of manager
development) refer to an article by its slug and to what it said by its version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamdesk.core.models import TimeStampedModel


class Section(models.TextChoices):
    COMPANY = "company", _("Company")
    BUSINESS = "business", _("Business and tariffs")
    PROCEDURES = "procedures", _("Procedures")
    MARKET = "market", _("Market and competitors")
    LAW = "law", _("Law and regulation")


class Tag(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True, allow_unicode=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Article(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("short answer"),
        max_length=300,
        blank=True,
        help_text=_("What can be sent to a customer by SMS or e-mail."),
    )
    body = models.TextField(_("text"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    version = models.PositiveIntegerField(_("version"), default=1)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["section", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """What an article said at one version (every save keeps the previous text)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    section = models.CharField(max_length=16, choices=Section.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    tags = models.JSONField(default=list)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="knowledge_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class Field(models.TextChoices):
    TITLE = "t", _("Title")
    TAG = "g", _("Tag")
    SUMMARY = "s", _("Short answer")
    BODY = "b", _("Text")
    PINYIN = "p", _("Pinyin of the title")


class ArticleToken(models.Model):
    """One word of an article (jieba segmentation) and how often it occurs in a field.

    Neither SQLite FTS5 nor PostgreSQL text search finds 资费 inside 套餐资费说明, so
    search looks words up here: one implementation for both databases.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=64)
    field = models.CharField(max_length=1, choices=Field.choices)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["token", "article"], name="knowledge_token")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "token", "field"], name="knowledge_token_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.token}@{self.article_id}:{self.field}"
