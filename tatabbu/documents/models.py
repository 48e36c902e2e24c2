"""Uploaded files (evidence, attachments): metadata in the database, bytes under MEDIA_ROOT."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel

from .choices import CONTENT_TYPES, DocumentKind


class Document(TimeStampedModel):
    """One uploaded file. Its bytes live under ``MEDIA_ROOT`` with a random name (never the name
    the user gave, never under the static tree); the feature that owns it (``purpose``) decides
    who may download it (``documents.access``)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(
        _("file name"),
        max_length=255,
        help_text=_("The name given by the person who uploaded it, sanitised."),
    )
    stored_name = models.CharField(
        _("stored name"),
        max_length=100,
        unique=True,
        editable=False,
        help_text=_("Random path under the upload storage."),
    )
    kind = models.CharField(_("file type"), max_length=8, choices=DocumentKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Language of the document's content, when known."),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=64,
        help_text=_("The feature the document belongs to; it decides who may read it."),
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("owner institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uploaded_documents",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["purpose"], name="documents_purpose_idx")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[DocumentKind(self.kind)]

    @property
    def path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.stored_name
