"""Generated report files: who asked for which report, its state, and where the file is kept."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel

from .choices import ReportFormat, ReportStatus


class GeneratedReport(TimeStampedModel):
    """A report asked for from the UI: generated at once or by the background worker, kept under
    ``MEDIA_ROOT/reports/`` with a random name, downloadable by the person who asked for it and by
    coordinators."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    file_format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    stored_name = models.CharField(
        _("stored file"), max_length=100, blank=True, help_text=_("Random name under reports/.")
    )
    download_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in ReportStatus]),
                name="reporting_generatedreport_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(file_format__in=[choice.value for choice in ReportFormat]),
                name="reporting_generatedreport_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.download_name or f"{self.kind} ({self.file_format}, {self.language})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", kwargs={"uuid": self.uuid})

    @property
    def is_finished(self) -> bool:
        return self.status in {ReportStatus.DONE, ReportStatus.FAILED}
