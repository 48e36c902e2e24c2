"""The report factory: a State report drafted in sections mapped to treaty articles, list-of-
issues questions and concluding-observation paragraphs; institutions contribute per section;
the coordinator consolidates and versions the text, then the report is approved."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel
from tatabbu.core.workflow import ReviewStatus

from ..choices import DraftStatus, SectionStatus


class StateReport(TimeStampedModel):
    """A report the State is drafting for a reporting cycle (e.g. the ICCPR 7th report)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        "engagement.ReportingCycle",
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("drafting language"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    symbol = models.CharField(
        _("document symbol"), max_length=60, blank=True, help_text=_("For example CCPR/C/MAR/7.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DraftStatus.choices, default=DraftStatus.DRAFTING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for approval by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("State report")
        verbose_name_plural = _("State reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:report_detail", kwargs={"uuid": self.uuid})


class ReportSection(TimeStampedModel):
    """A section of the report, mapped to what it answers; its text is the consolidated text,
    saved as numbered versions."""

    report = models.ForeignKey(
        StateReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=300)
    articles = models.CharField(
        _("treaty articles"), max_length=100, blank=True, help_text=_("For example 7, 10.")
    )
    loi_questions = models.CharField(
        _("list-of-issues questions"), max_length=100, blank=True, help_text=_("For example 4-6.")
    )
    co_paragraphs = models.CharField(
        _("concluding-observation paragraphs"),
        max_length=100,
        blank=True,
        help_text=_("For example 23, 24."),
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations"),
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SectionStatus.choices, default=SectionStatus.OPEN
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return reverse("engagement:section_detail", kwargs={"pk": self.pk})


class SectionVersion(models.Model):
    """A saved text of a section (append-only): the consolidation history, compared by diff."""

    section = models.ForeignKey(
        ReportSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("section version")
        verbose_name_plural = _("section versions")
        ordering = ["section", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], name="engagement_sectionversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} v{self.number}"


class ContributionRequest(TimeStampedModel):
    """What the coordinator asks an institution to contribute to a section, by a deadline; the
    institution's answer (text and evidence) goes through the shared review workflow."""

    section = models.ForeignKey(
        ReportSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="contribution_requests",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="contribution_requests",
    )
    deadline = models.DateField(_("deadline"))
    instructions = models.TextField(_("what is asked"), blank=True)
    text = models.TextField(_("contribution"), blank=True)
    evidence = models.ManyToManyField(
        "documents.Document", verbose_name=_("evidence"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("contribution request")
        verbose_name_plural = _("contribution requests")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "institution"],
                name="engagement_contributionrequest_one_per_institution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} — {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:contribution_detail", kwargs={"pk": self.pk})
