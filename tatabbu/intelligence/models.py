"""Trained models (versioned artefacts) and the suggestions they make, with the person's
decision on each. A suggestion changes nothing on the recommendation until it is accepted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel

from .choices import SuggestionStatus, Task


class ModelArtefact(TimeStampedModel):
    """One trained model of a task: its file (outside the database and git), the fingerprint of
    the data it learnt from and its measured metrics. Versions count up per task; the newest
    is the one used for suggestions."""

    task = models.CharField(_("task"), max_length=30, choices=Task.choices)
    version = models.PositiveIntegerField(_("version"))
    algorithm = models.CharField(_("algorithm"), max_length=200)
    data_source = models.CharField(
        _("training data"), max_length=300, help_text=_("A file, or the database.")
    )
    data_fingerprint = models.CharField(
        _("training data fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the training texts and labels, in order."),
    )
    train_rows = models.PositiveIntegerField(_("training rows"))
    labels = models.JSONField(_("labels"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    train_seconds = models.FloatField(_("training time (s)"))
    file_path = models.CharField(_("file"), max_length=500)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")
        ordering = ["task", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "version"], name="intelligence_modelartefact_task_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} v{self.version}"


class Suggestion(TimeStampedModel):
    """A label a model proposes for a recommendation, with its confidence and the words that
    drove it, and the person's decision (accepted labels are applied; rejected ones are kept
    as negative examples for the next training)."""

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    task = models.CharField(_("task"), max_length=30, choices=Task.choices)
    label = models.CharField(_("label"), max_length=300)
    confidence = models.FloatField(_("confidence"))
    words = models.JSONField(_("words that drove it"), default=list, blank=True)
    artefact = models.ForeignKey(
        ModelArtefact,
        verbose_name=_("model"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    status = models.CharField(
        _("decision"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["task", "-confidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "task", "label"],
                name="intelligence_suggestion_unique_label",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0, confidence__lte=1),
                name="intelligence_suggestion_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="intelligence_suggestion_decision_has_time",
            ),
        ]
        indexes = [models.Index(fields=["task", "status"], name="suggestion_task_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_task_display()}: {self.label} ({self.confidence:.0%})"
