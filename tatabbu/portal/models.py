"""Content of the public portal that staff edit: news items, pages and publications (reports
for download). Everything starts as a draft; the public sees an item only once it is published
and its publication time has come (``selectors``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField

from .choices import ArticleKind, PublicationStatus


class Article(TimeStampedModel):
    """A news item or a page of the portal, in up to three language versions."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=ArticleKind.choices)
    slug = models.SlugField(
        _("address"), max_length=80, unique=True, help_text=_("Letters, digits and hyphens.")
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=500, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=500, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    body_ar = models.TextField(_("text (Arabic)"), blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    image = models.ForeignKey(
        "documents.Document",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A published item appears on the portal from this moment."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    title = TranslatedField("title")
    summary = TranslatedField("summary")
    body = TranslatedField("body")

    class Meta:
        verbose_name = _("news item or page")
        verbose_name_plural = _("news and pages")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "status", "published_at"], name="portal_article_pub_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="portal_article_has_title",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published", published_at__isnull=True),
                name="portal_article_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        name = "portal:news_detail" if self.kind == ArticleKind.NEWS else "portal:page_detail"
        return reverse(name, kwargs={"slug": self.slug})

    @property
    def languages(self) -> list[str]:
        return [code for code in ("ar", "fr", "en") if getattr(self, f"title_{code}")]


class Publication(TimeStampedModel):
    """A report or document offered for download on the portal (a PDF, DOCX or XLSX)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    title = TranslatedField("title")
    description = TranslatedField("description")

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="portal_publication_has_title",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published", published_at__isnull=True),
                name="portal_publication_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)


class ContactMessage(TimeStampedModel):
    """A message sent through the portal's contact form (read by coordinators)."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject
