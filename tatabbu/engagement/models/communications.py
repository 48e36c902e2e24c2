"""Individual communications before the treaty bodies (confidential)."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel

from ..choices import (
    Admissibility,
    CommunicationStatus,
    FollowUpGrade,
    Outcome,
)

COMMUNICATION_COMMITTEES = ("CCPR", "CAT", "CEDAW", "CRC", "CRPD", "CERD", "CED", "CESCR")


class IndividualCommunication(TimeStampedModel):
    """A complaint by an individual against the State before a treaty body. Confidential: only
    coordinators and the institutions it is assigned to see it (selectors.communication_list)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="individual_communications",
        limit_choices_to={"code__in": COMMUNICATION_COMMITTEES},
    )
    reference = models.CharField(
        _("reference"), max_length=80, help_text=_("The committee's number, e.g. 3456/2024.")
    )
    author = models.CharField(_("author"), max_length=300)
    registered_on = models.DateField(_("registration date"))
    subject = models.TextField(_("subject"))
    articles = models.CharField(
        _("articles invoked"), max_length=200, blank=True, help_text=_("For example 7, 9, 14.")
    )
    observations_due = models.DateField(
        _("State observations due"),
        null=True,
        blank=True,
        help_text=_("Empty: six months after registration."),
    )
    observations_submitted_on = models.DateField(
        _("observations submitted on"), null=True, blank=True
    )
    interim_measures = models.BooleanField(_("interim measures requested"), default=False)
    interim_measures_detail = models.TextField(_("interim measures"), blank=True)
    admissibility = models.CharField(
        _("admissibility"),
        max_length=20,
        choices=Admissibility.choices,
        default=Admissibility.PENDING,
    )
    outcome = models.CharField(
        _("decision"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    views_symbol = models.CharField(_("Views symbol"), max_length=80, blank=True)
    views_date = models.DateField(_("Views adopted on"), null=True, blank=True)
    remedy = models.TextField(_("remedy ordered"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=CommunicationStatus.choices,
        default=CommunicationStatus.REGISTERED,
    )
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("assigned institutions"),
        blank=True,
        related_name="individual_communications",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("individual communication")
        verbose_name_plural = _("individual communications")
        ordering = ["-registered_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "reference"],
                name="engagement_individualcommunication_unique_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:communication_detail", kwargs={"uuid": self.uuid})


class CommunicationFollowUp(TimeStampedModel):
    """A round of follow-up on the committee's Views: the State's reply and the committee's
    assessment (grades A–E)."""

    communication = models.ForeignKey(
        IndividualCommunication,
        verbose_name=_("communication"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    round = models.PositiveSmallIntegerField(_("round"))
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    submitted_on = models.DateField(_("reply submitted on"), null=True, blank=True)
    summary = models.TextField(_("State's reply"), blank=True)
    grade = models.CharField(
        _("committee's assessment"), max_length=1, choices=FollowUpGrade.choices, blank=True
    )
    assessment = models.TextField(_("assessment detail"), blank=True)

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["communication", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "round"],
                name="engagement_communicationfollowup_unique_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.communication} — {self.round}"
