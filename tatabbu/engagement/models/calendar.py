"""The reporting calendar: reports owed to the bodies, and users' calendar feeds."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel

from ..choices import (
    CycleStatus,
    FollowUpGrade,
    Procedure,
    ReportType,
)


class ReportingCycle(TimeStampedModel):
    """One report the State owes a body and its review: a treaty body's periodic report (ICCPR
    7th) or a UPR cycle. Dates that are known are stored; the calendar estimates the others
    (``calendar.cycle_milestones``) and says which are estimates."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(
        _("key"), max_length=40, unique=True, help_text=_("Stable key, e.g. ccpr-7 or upr-4.")
    )
    body = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="reporting_cycles",
    )
    treaty = models.ForeignKey(
        "mechanisms.Treaty",
        verbose_name=_("treaty"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_cycles",
    )
    number = models.CharField(
        _("report number or cycle"), max_length=20, help_text=_("7, 5-6, or the UPR cycle.")
    )
    report_type = models.CharField(_("report type"), max_length=30, choices=ReportType.choices)
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    predictable_cycle = models.BooleanField(
        _("8-year predictable review cycle"),
        default=False,
        help_text=_("The body reviews the State every eight years, with or without a report."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.UPCOMING
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycle",
    )
    loipr_symbol = models.CharField(_("list of issues symbol"), max_length=60, blank=True)
    loipr_date = models.DateField(_("list of issues adopted on"), null=True, blank=True)
    due_date = models.DateField(_("report due (official)"), null=True, blank=True)
    report_symbol = models.CharField(_("State report symbol"), max_length=60, blank=True)
    submitted_on = models.DateField(_("report submitted on"), null=True, blank=True)
    dialogue_start = models.DateField(_("dialogue / review from"), null=True, blank=True)
    dialogue_end = models.DateField(_("dialogue / review to"), null=True, blank=True)
    outcome_symbol = models.CharField(
        _("concluding observations or outcome symbol"), max_length=60, blank=True
    )
    outcome_adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    outcome_issued_on = models.DateField(_("issued on"), null=True, blank=True)
    follow_up_paragraphs = models.CharField(
        _("follow-up paragraphs"),
        max_length=100,
        blank=True,
        help_text=_("Paragraphs of the concluding observations selected for follow-up."),
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up period (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the body's usual period."),
    )
    follow_up_due = models.DateField(_("follow-up due (official)"), null=True, blank=True)
    follow_up_submitted_on = models.DateField(_("follow-up submitted on"), null=True, blank=True)
    follow_up_grade = models.CharField(
        _("follow-up grade"), max_length=1, choices=FollowUpGrade.choices, blank=True
    )
    mid_term_submitted_on = models.DateField(
        _("mid-term report submitted on"), null=True, blank=True
    )
    head_of_delegation = models.CharField(_("head of delegation"), max_length=200, blank=True)
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("institutions involved"),
        blank=True,
        related_name="reporting_cycles",
    )
    projects = models.ManyToManyField(
        "actionplan.Project",
        verbose_name=_("plan projects"),
        blank=True,
        related_name="reporting_cycles",
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["body__code", "key"]

    def __str__(self) -> str:
        return f"{self.body.code} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:cycle_detail", kwargs={"uuid": self.uuid})


class CalendarFeed(TimeStampedModel):
    """The secret address of a user's iCalendar feed. The token is the only credential a
    calendar application has, so it can be replaced (the old address stops working)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class Reminder(TimeStampedModel):
    """A reminder e-mailed about a deadline. One per item, deadline stage and recipient, so that
    running the reminder job again (the same day or later) sends nothing twice."""

    key = models.CharField(_("item"), max_length=200)
    stage = models.CharField(_("stage"), max_length=20)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="engagement_reminders",
    )
    due_date = models.DateField(_("due date"))
    sent_on = models.DateField(_("sent on"))
    subject = models.CharField(_("subject"), max_length=300)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "stage", "recipient"], name="engagement_reminder_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return self.subject
