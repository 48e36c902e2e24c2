"""Recommendations the State received, the documents they come from, clusters, recurrence links
and the imports that brought them in."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField

from .choices import (
    ActionCategory,
    DocumentType,
    ImplementationStatus,
    ImportFormat,
    ImportStatus,
    Position,
)
from .symbols import validate_symbol


class ImportBatch(TimeStampedModel):
    """One run of the import pipeline over one file: options, progress, counts and errors."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    stored_file = models.CharField(
        _("stored file"), max_length=255, blank=True, help_text=_("Path under the upload storage.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    options = models.JSONField(_("options"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("[{row, column, message}], capped.")
    )
    message = models.TextField(_("message"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} — {self.file_name}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class SourceDocument(TimeStampedModel):
    """A UN document that addresses recommendations to a State: a UPR Working Group report,
    concluding observations, a visit report…"""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    natural_key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_("Stable identity used by imports, e.g. the symbol."),
    )
    symbol = models.CharField(
        _("UN symbol"), max_length=120, blank=True, validators=[validate_symbol]
    )
    legacy_symbol = models.CharField(
        _("other reference"),
        max_length=200,
        blank=True,
        help_text=_("Old-style symbol or reference that fits no current pattern."),
    )
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("mechanism"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    document_type = models.CharField(
        _("document type"), max_length=30, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    state = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("State under review"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), null=True, blank=True)
    session = models.CharField(_("session"), max_length=30, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["-date", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"],
                condition=~models.Q(symbol=""),
                name="recommendations_sourcedocument_symbol_unique",
            )
        ]

    def __str__(self) -> str:
        return self.symbol or self.legacy_symbol or str(self.title) or self.natural_key

    @property
    def reference(self) -> str:
        return self.symbol or self.legacy_symbol


class Cluster(TimeStampedModel):
    """A named group of recommendations handled together (assigned, reported on as one)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name_fr", "name_ar", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ar="", name_fr="", name_en=""),
                name="recommendations_cluster_has_a_name",
            )
        ]

    def __str__(self) -> str:
        return str(self.name)


class Recommendation(TimeStampedModel):
    """One recommendation addressed to the State, in up to three languages.

    Mechanism, State, cycle, session and year are copied from the source document so that
    facets count without joins. ``search_text`` is the normalised text the full-text index
    covers (``recommendations.search``)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    natural_key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_("Stable identity across re-imports (source id or document and paragraph)."),
    )
    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("mechanism"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    state = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("State under review"),
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), null=True, blank=True)
    session = models.CharField(_("session"), max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=40, blank=True)
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    position = models.CharField(
        _("position of the State"), max_length=20, choices=Position.choices, blank=True
    )
    position_note = models.CharField(_("position detail"), max_length=300, blank=True)
    recommending_states = models.ManyToManyField(
        "taxonomy.Country",
        verbose_name=_("recommending States"),
        related_name="recommendations_made",
        blank=True,
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), related_name="recommendations", blank=True
    )
    groups = models.ManyToManyField(
        "taxonomy.PersonGroup",
        verbose_name=_("groups of persons"),
        related_name="recommendations",
        blank=True,
    )
    sdg_goals = models.ManyToManyField(
        "taxonomy.SdgGoal", verbose_name=_("SDG goals"), related_name="recommendations", blank=True
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SdgTarget",
        verbose_name=_("SDG targets"),
        related_name="recommendations",
        blank=True,
    )
    action_category = models.PositiveSmallIntegerField(
        _("action category"), choices=ActionCategory.choices, null=True, blank=True
    )
    source_labels = models.JSONField(
        _("labels from the source"),
        default=dict,
        blank=True,
        help_text=_("Classifications of the source data set that are not Tatabbu vocabularies."),
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    implementation_status = models.CharField(
        _("implementation status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    text = TranslatedField("text")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-year", "document_id", "id"]
        indexes = [
            models.Index(fields=["state", "mechanism"], name="recommendation_state_mech_idx"),
            models.Index(fields=["cycle"], name="recommendation_cycle_idx"),
            models.Index(fields=["position"], name="recommendation_position_idx"),
            models.Index(fields=["implementation_status"], name="recommendation_status_idx"),
            models.Index(fields=["year"], name="recommendation_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text_ar="", text_fr="", text_en=""),
                name="recommendations_recommendation_has_text",
            ),
            models.CheckConstraint(
                condition=models.Q(action_category__isnull=True)
                | models.Q(action_category__gte=1, action_category__lte=5),
                name="recommendations_recommendation_action_category_range",
            ),
        ]

    def __str__(self) -> str:
        reference = self.document.reference if self.document_id else ""
        if reference and self.paragraph:
            return f"{reference} §{self.paragraph}"
        return reference or self.natural_key

    def get_absolute_url(self) -> str:
        return reverse("recommendations:recommendation_detail", kwargs={"uuid": self.uuid})

    @property
    def languages(self) -> list[str]:
        return [code for code in ("ar", "fr", "en") if getattr(self, f"text_{code}")]


class RecurrenceLink(TimeStampedModel):
    """``recommendation`` repeats ``earlier``, received by the same State before (another cycle
    or another mechanism), with a similarity score in [0, 1]."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="recurrence_links",
    )
    earlier = models.ForeignKey(
        Recommendation,
        verbose_name=_("earlier recommendation"),
        on_delete=models.CASCADE,
        related_name="later_links",
    )
    score = models.FloatField(_("similarity"))
    method = models.CharField(_("method"), max_length=40)

    class Meta:
        verbose_name = _("recurrence")
        verbose_name_plural = _("recurrences")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "earlier"], name="recommendations_recurrence_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(recommendation=models.F("earlier")),
                name="recommendations_recurrence_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} ↔ {self.earlier} ({self.score:.2f})"
