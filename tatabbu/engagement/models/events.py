"""Events: Human Rights Council sessions, side events, seminars, meetings, with delegations and
participants, linked to plan projects, reporting cycles and recommendations."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField

from ..choices import EventKind


class Event(TimeStampedModel):
    """Something the DIDH organises or attends."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    hrc_session = models.PositiveSmallIntegerField(_("HRC session"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("during"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="side_events",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    dates_confirmed = models.BooleanField(
        _("dates confirmed"),
        default=True,
        help_text=_("Unticked: planned dates (the month or the session is known)."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True)
    projects = models.ManyToManyField(
        "actionplan.Project", verbose_name=_("plan projects"), blank=True, related_name="+"
    )
    reporting_cycles = models.ManyToManyField(
        "engagement.ReportingCycle", verbose_name=_("reports"), blank=True, related_name="events"
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations"),
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_date", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="engagement_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.key

    def get_absolute_url(self) -> str:
        return reverse("engagement:event_detail", kwargs={"uuid": self.uuid})


class Participant(TimeStampedModel):
    """A person in the State's delegation or among the speakers of an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    in_delegation = models.BooleanField(_("member of the State's delegation"), default=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "-in_delegation", "name"]

    def __str__(self) -> str:
        return self.name
