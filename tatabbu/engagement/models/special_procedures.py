"""Special procedures: communications (letters and appeals), country visits, and the
questionnaires mandates and treaty bodies send to the State."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel
from tatabbu.core.workflow import ReviewStatus

from ..choices import QuestionnaireStatus, SpecialProcedureCommunicationKind, VisitStatus


class SpecialProcedureCommunication(TimeStampedModel):
    """A letter or appeal from one or more mandates. Confidential until the mandates publish
    it: coordinators and the institutions assigned to prepare the reply see it."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=60, unique=True, help_text=_("For example AL MAR 2/2026.")
    )
    kind = models.CharField(
        _("kind"), max_length=3, choices=SpecialProcedureCommunicationKind.choices
    )
    mandates = models.ManyToManyField(
        "mechanisms.Mechanism",
        verbose_name=_("mandates"),
        related_name="special_procedure_communications",
        limit_choices_to={"kind": "special_procedure"},
    )
    sent_on = models.DateField(_("date of the letter"))
    subject = models.TextField(_("subject"))
    reply_due = models.DateField(
        _("reply due"), null=True, blank=True, help_text=_("Empty: 60 days after the letter.")
    )
    replied_on = models.DateField(_("reply sent on"), null=True, blank=True)
    reply_summary = models.TextField(_("reply"), blank=True)
    reply_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("reply document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("assigned institutions"),
        blank=True,
        related_name="special_procedure_communications",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("special-procedures communication")
        verbose_name_plural = _("special-procedures communications")
        ordering = ["-sent_on", "reference"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("engagement:sp_communication_detail", kwargs={"uuid": self.uuid})


class CountryVisit(TimeStampedModel):
    """A visit of a mandate to the State: request, dates, programme, end-of-visit statement,
    report. The report's recommendations go through the recommendations import pipeline and
    are found by the report's symbol."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mandate = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("mandate"),
        on_delete=models.PROTECT,
        related_name="country_visits",
        limit_choices_to={"kind": "special_procedure"},
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    programme = models.TextField(_("programme"), blank=True)
    statement_on = models.DateField(_("end-of-visit statement on"), null=True, blank=True)
    statement = models.TextField(_("end-of-visit statement"), blank=True)
    report_symbol = models.CharField(_("report symbol"), max_length=60, blank=True)
    report_date = models.DateField(_("report presented on"), null=True, blank=True)
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("institutions involved"),
        blank=True,
        related_name="country_visits",
    )
    projects = models.ManyToManyField(
        "actionplan.Project", verbose_name=_("plan projects"), blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("country visit")
        verbose_name_plural = _("country visits")
        ordering = ["-start_date", "-requested_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="engagement_countryvisit_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        dates = self.start_date.isoformat() if self.start_date else self.get_status_display()
        return f"{self.mandate.code} — {dates}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:visit_detail", kwargs={"uuid": self.uuid})


class Questionnaire(TimeStampedModel):
    """A questionnaire from a mandate or a treaty body (for a thematic report): the
    institutions asked each answer; the coordinator consolidates the State's answer."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    title = models.CharField(_("title"), max_length=400)
    received_on = models.DateField(_("received on"))
    due_date = models.DateField(_("answer due"))
    questions = models.TextField(_("questions"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.OPEN,
    )
    consolidated_answer = models.TextField(_("consolidated answer"), blank=True)
    sent_on = models.DateField(_("answer sent on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-received_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:questionnaire_detail", kwargs={"uuid": self.uuid})


class QuestionnaireAnswer(TimeStampedModel):
    """One institution's answer to a questionnaire, through the shared review workflow."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="questionnaire_answers",
    )
    text = models.TextField(_("answer"), blank=True)
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
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        ordering = ["questionnaire", "institution__name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "institution"],
                name="engagement_questionnaireanswer_one_per_institution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.institution}"
