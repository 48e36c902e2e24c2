"""The follow-up of recommendations: who must act (assignments), what they do (actions and their
indicators), what they report (progress updates through the review workflow, with evidence), the
status that follows, and the notifications and reminders around them.

Institution-scoped roles (focal points, validators) see only the recommendations assigned to
their institution, as lead or contributor (``permissions.py``); everything here hangs off those.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField
from tatabbu.core.workflow import ReviewStatus
from tatabbu.recommendations.choices import ImplementationStatus

from .choices import ActionStatus, IndicatorKind, ReminderKind


class Assignment(TimeStampedModel):
    """A recommendation entrusted to a lead institution, helped by contributing institutions,
    to be reported on by a deadline. One per recommendation."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    recommendation = models.OneToOneField(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="assignment",
    )
    lead_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lead institution"),
        on_delete=models.PROTECT,
        related_name="led_assignments",
    )
    contributing_institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("contributing institutions"),
        related_name="contributed_assignments",
        blank=True,
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["deadline"], name="followup_assignment_deadline")]

    def __str__(self) -> str:
        return str(self.recommendation)


class Action(TimeStampedModel):
    """An implementation measure an institution takes for one or more recommendations."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="followup_actions",
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations"),
        related_name="followup_actions",
    )
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    description = TranslatedField("description")

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description_ar="", description_fr="", description_en=""),
                name="followup_action_has_description",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="followup_action_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="followup_action_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        text = str(self.description)
        return text[:80] + ("…" if len(text) > 80 else "")


class Indicator(TimeStampedModel):
    """A measure of an action's result: structure, process or outcome, with a baseline and a
    target in a unit."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="indicators"
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["action_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_ar="", name_fr="", name_en=""),
                name="followup_indicator_has_name",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class IndicatorValue(TimeStampedModel):
    """The value of an indicator on a date."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="followup_indicatorvalue_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"


class ProgressUpdate(TimeStampedModel):
    """What an institution reports on a recommendation, with evidence, through the review
    workflow (draft → submitted → validated | returned → published)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    text = models.TextField(_("progress"))
    assessed_status = models.CharField(
        _("status assessment"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.IN_PROGRESS,
    )
    status = models.CharField(
        _("workflow state"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    evidence = models.ManyToManyField(
        "documents.Document", verbose_name=_("evidence"), related_name="+", blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["institution", "status"], name="followup_update_inst_status"),
            models.Index(fields=["recommendation", "status"], name="followup_update_rec_status"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} ({self.get_status_display()})"


class RecommendationStatus(TimeStampedModel):
    """The implementation status of a recommendation: derived from its validated updates, or
    set by a coordinator with a reason (the override wins while it stands)."""

    recommendation = models.OneToOneField(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="followup_status",
    )
    derived_status = models.CharField(
        _("derived status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    override_status = models.CharField(
        _("status set by the coordinator"),
        max_length=30,
        choices=ImplementationStatus.choices,
        blank=True,
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("recommendation status")
        verbose_name_plural = _("recommendation statuses")
        constraints = [
            models.CheckConstraint(
                condition=Q(override_status="") | ~Q(override_reason=""),
                name="followup_recommendationstatus_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.get_effective_status_display()

    @property
    def effective_status(self) -> str:
        return self.override_status or self.derived_status

    def get_effective_status_display(self) -> str:
        return str(ImplementationStatus(self.effective_status).label)


class Notification(TimeStampedModel):
    """An in-app message to one user (the same text is e-mailed). Any app of a higher layer may
    send one with ``followup.notifications.notify``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="followup_notifications",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="followup_notification_unread")
        ]

    def __str__(self) -> str:
        return self.subject


class ReminderLog(TimeStampedModel):
    """A reminder sent (or a digest): one row per kind, subject and day, so that running the
    reminders twice on a day sends nothing twice."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    key = models.CharField(_("subject"), max_length=100)
    day = models.DateField(_("day"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-day", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "day"], name="followup_reminderlog_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.day}"


class ImportedImplementation(TimeStampedModel):
    """The implementation status and published updates of a recommendation as another system
    published them (an exchange document from another Tatabbu instance or tool,
    ``docs/exchange-format.md``). Shown in public beside this instance's own published updates,
    never mixed into its workflow; exported again unchanged (lossless round trip)."""

    recommendation = models.OneToOneField(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="imported_implementation",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ImplementationStatus.choices, blank=True
    )
    # [{"date": "2026-03-01", "text": {"fr": "…"}, "status": "in_progress" | null,
    #   "institution": "…"}], as the exchange schema has them, oldest first.
    updates = models.JSONField(_("published updates"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("imported implementation")
        verbose_name_plural = _("imported implementations")

    def __str__(self) -> str:
        return f"{self.recommendation} ({self.get_status_display() or '—'})"
