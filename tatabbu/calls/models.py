"""The yearly call for projects for associations (2026 action plan, project 21): calls, the
associations that apply, their applications, screening, reviews, decisions and reports."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField
from tatabbu.core.workflow import ReviewStatus

from .choices import ApplicationStatus, CallStatus, Currency, ReportKind

_MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Call(TimeStampedModel):
    """A call for projects: what it funds, who may apply, until when, and how applications are
    scored. Published calls are readable by every signed-in user (and later the portal)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=40, unique=True, help_text=_("For example CFP-2026.")
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    eligibility_ar = models.TextField(_("eligibility criteria (Arabic)"), blank=True)
    eligibility_fr = models.TextField(_("eligibility criteria (French)"), blank=True)
    eligibility_en = models.TextField(_("eligibility criteria (English)"), blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), blank=True, related_name="calls"
    )
    budget_envelope = models.DecimalField(_("budget envelope"), **_MONEY)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.MAD
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("Applications submitted after this moment are refused.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    title = TranslatedField("title")
    description = TranslatedField("description")
    eligibility = TranslatedField("eligibility")

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-opens_at", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="calls_call_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("calls:call_detail", kwargs={"uuid": self.uuid})

    @property
    def is_published(self) -> bool:
        return self.status == CallStatus.PUBLISHED

    def is_open(self, at: timezone.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.is_published and self.opens_at <= moment < self.closes_at


class RubricCriterion(models.Model):
    """One scoring criterion of a call: reviewers give 0…``max_score``; ``weight`` says how much
    it counts in the weighted total."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1)]
    )

    label = TranslatedField("label")

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return str(self.label)


class RequiredDocument(models.Model):
    """A document every application to the call must attach (statutes, budget, …)."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="required_documents"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    label = TranslatedField("label")

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return str(self.label)


class Association(TimeStampedModel):
    """An association (civil-society organisation) with its account on Tatabbu."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="association_profile",
    )
    name = models.CharField(_("organisation name"), max_length=300)
    registration_number = models.CharField(
        _("legal registration number"),
        max_length=80,
        unique=True,
        help_text=_("The number of the association's legal registration (récépissé)."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel):
    """An association's project proposal to a call. Drafts are visible to the association only;
    once submitted, the DIDH screens, reviewers score and the coordinator decides."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    project_title = models.CharField(_("project title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ar"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    screening_reason = models.TextField(_("screening reason"), blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    granted_amount = models.DecimalField(_("amount granted"), null=True, blank=True, **_MONEY)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "association"], name="calls_application_one_per_call"
            )
        ]

    def __str__(self) -> str:
        return self.project_title

    def get_absolute_url(self) -> str:
        return reverse("calls:application_detail", kwargs={"uuid": self.uuid})

    @property
    def requested_amount(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal(0))

    @property
    def co_funding_amount(self) -> Decimal:
        return sum((line.co_funding for line in self.budget_lines.all()), Decimal(0))


class BudgetLine(models.Model):
    """One line of an application's budget: what is asked from the call and what others fund."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("item"), max_length=300)
    amount = models.DecimalField(_("amount requested"), **_MONEY)
    co_funding = models.DecimalField(_("co-funding"), default=Decimal(0), **_MONEY)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["application", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Attachment(models.Model):
    """A document attached to an application or a report (stored by the documents app)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    report = models.ForeignKey(
        "ProjectReport",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="call_attachment",
    )
    required_document = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("required document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.document)


class Review(TimeStampedModel):
    """A reviewer's assessment of an eligible application: first a conflict-of-interest
    declaration, then (without a conflict) a score per criterion."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="call_reviews",
    )
    has_conflict = models.BooleanField(_("conflict of interest declared"))
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="calls_review_one_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.reviewer}"


class Score(models.Model):
    """The score a review gives on one criterion of the rubric."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="calls_score_one_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ProjectReport(TimeStampedModel):
    """A funded association's narrative or financial report, through the shared review workflow
    (draft → submitted → validated | returned)."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    period = models.CharField(_("period covered"), max_length=100, blank=True)
    text = models.TextField(_("report"), blank=True)
    amount_spent = models.DecimalField(_("amount spent"), null=True, blank=True, **_MONEY)
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")
        ordering = ["application", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("calls:report_detail", kwargs={"uuid": self.uuid})


class Notification(TimeStampedModel):
    """An in-app message to an applicant (the same text is e-mailed)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="call_notifications",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
