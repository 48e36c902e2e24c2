"""Action plans the DIDH steers: its yearly plan (2026) and national plans such as the PANDDH.

    ActionPlan ─┬─ StrategicAxis (─ sub-axis) ── Project ─┬─ Milestone, Risk, ProjectLink
                │                                         ├─ ProjectUpdate ── IndicatorValue
                ├─ Activity ◀──── many-to-many ──────────┤
                └─ Indicator ◀─── many-to-many ──────────┘

Activities and indicators belong to the plan and serve one or more of its projects: the PANDDH
shares 278 of its 1,269 activities and 41 of its 296 indicators between measures.

A project's progress, committed and spent budget and status are *figures reported by its
responsible unit*: they change only when a :class:`ProjectUpdate` is validated (services.py).

Links to objects of higher layers (reports, events, communications: issue 5) are declared on those
objects (``projects = ManyToManyField("actionplan.Project", related_name=…)``) so that this app
never imports upwards; their pages appear on a project through ``relations.py``. Uploaded
documents will be a ``documents`` many-to-many to the documents app's model, added when that app
is merged; until then a project lists links (:class:`ProjectLink`).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField
from tatabbu.core.workflow import ReviewStatus

from .choices import IndicatorKind, PartnerKind, ProjectNature, ProjectStatus, RiskLevel

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def _money(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )


class ActionPlan(TimeStampedModel):
    """A plan with strategic axes and projects, over a period, owned by one institution."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    owner = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="action_plans",
        help_text=_("The institution that steers the plan."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    currency = models.CharField(
        _("currency"), max_length=3, default="MAD", help_text=_("ISO 4217 code of budgets.")
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the public portal (published updates only)."),
    )
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    title = TranslatedField("title")
    description = TranslatedField("description")

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="actionplan_actionplan_period_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="actionplan_actionplan_has_title",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("actionplan:plan_detail", kwargs={"slug": self.slug})


class StrategicAxis(TimeStampedModel):
    """An axis of a plan, or a sub-axis when it has a parent (the PANDDH has both levels)."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="axes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("axis"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_axes",
    )
    code = models.CharField(
        _("number"), max_length=20, help_text=_("e.g. 2, or 2.3 for a sub-axis")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    title = TranslatedField("title")
    description = TranslatedField("description")

    class Meta:
        verbose_name = _("strategic axis")
        verbose_name_plural = _("strategic axes")
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="actionplan_axis_code_unique"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="actionplan_axis_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_sub_axis(self) -> bool:
        return self.parent_id is not None


class Partner(TimeStampedModel):
    """An organisation a plan works with: a UN entity, a State, an NGO, a national body (linked
    to its institution when Tatabbu knows it)."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=PartnerKind.choices)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_records",
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_records",
    )
    source = models.TextField(_("source"), blank=True)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["kind", "name_en", "name_fr", "name_ar"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ar="", name_fr="", name_en=""),
                name="actionplan_partner_has_name",
            )
        ]

    def __str__(self) -> str:
        return self.abbreviation or str(self.name)


class Project(TimeStampedModel):
    """A project of a plan (a *measure* in the PANDDH), under the axis it serves."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="projects"
    )
    axis = models.ForeignKey(
        StrategicAxis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="projects"
    )
    number = models.PositiveIntegerField(_("number"))
    source_reference = models.CharField(
        _("number in the source"),
        max_length=20,
        blank=True,
        help_text=_("As written in the source table, e.g. 6/5 for two projects in one row."),
    )
    section_ar = models.CharField(_("section (Arabic)"), max_length=200, blank=True)
    section_fr = models.CharField(_("section (French)"), max_length=200, blank=True)
    section_en = models.CharField(_("section (English)"), max_length=200, blank=True)
    title_ar = models.TextField(_("title (Arabic)"), blank=True)
    title_fr = models.TextField(_("title (French)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    expected_results_ar = models.TextField(_("expected results (Arabic)"), blank=True)
    expected_results_fr = models.TextField(_("expected results (French)"), blank=True)
    expected_results_en = models.TextField(_("expected results (English)"), blank=True)
    nature = models.CharField(_("nature"), max_length=40, choices=ProjectNature.choices, blank=True)
    responsible_unit = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        help_text=_("Its focal points draft progress updates; its validators approve them."),
    )
    other_responsible = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("also responsible"),
        related_name="co_led_projects",
        blank=True,
    )
    responsible_label = models.TextField(
        _("responsible bodies as written"),
        blank=True,
        help_text=_("The source's names, kept when some do not match a known institution."),
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="projects", blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.NOT_STARTED
    )
    progress_percent = models.DecimalField(
        _("progress (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(0),
        validators=PERCENT_VALIDATORS,
    )
    budget_planned = _money(_("planned budget"))
    budget_committed = _money(_("committed budget"))
    budget_spent = _money(_("spent budget"))
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    figures_as_of = models.DateField(
        _("figures as of"),
        null=True,
        blank=True,
        help_text=_("Date of the validated update the progress and budget figures come from."),
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations"),
        related_name="action_plan_projects",
        blank=True,
    )
    source_data = models.JSONField(_("source data"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    section = TranslatedField("section")
    title = TranslatedField("title")
    description = TranslatedField("description")
    expected_results = TranslatedField("expected_results")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="actionplan_project_number_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="actionplan_project_has_title",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_percent__gte=0, progress_percent__lte=100),
                name="actionplan_project_progress_range",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="actionplan_project_planned_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status"], name="actionplan_project_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"[:300]

    def get_absolute_url(self) -> str:
        return reverse("actionplan:project_detail", kwargs={"uuid": self.uuid})

    @property
    def budget_execution_percent(self) -> Decimal | None:
        """Spent as a share of the planned budget, when both are known."""
        if not self.budget_planned or self.budget_spent is None:
            return None
        return (100 * self.budget_spent / self.budget_planned).quantize(Decimal("0.1"))


class Activity(TimeStampedModel):
    """An activity of a plan, serving one or more of its projects."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), related_name="activities", blank=True
    )
    code = models.CharField(_("code"), max_length=30)
    position = models.PositiveIntegerField(_("position"), default=0)
    title_ar = models.TextField(_("title (Arabic)"), blank=True)
    title_fr = models.TextField(_("title (French)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.NOT_STARTED
    )
    source_data = models.JSONField(_("source data"), default=dict, blank=True)

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="actionplan_activity_code_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="actionplan_activity_has_title",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)[:200]


class Milestone(TimeStampedModel):
    """A dated step of a project; late when its due date has passed and it is not done."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    due_date = models.DateField(_("due date"))
    done_date = models.DateField(_("done on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_date", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"], name="actionplan_milestone_position_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="actionplan_milestone_has_title",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def is_late(self, today: datetime.date) -> bool:
        return self.done_date is None and self.due_date < today


class Indicator(TimeStampedModel):
    """A measure of a plan's results, with a baseline and a target; its values come from
    validated progress updates."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), related_name="indicators", blank=True
    )
    code = models.CharField(_("code"), max_length=30)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_note = models.CharField(
        _("target (text)"),
        max_length=300,
        blank=True,
        help_text=_("A qualitative target, or one the number cannot express."),
    )
    source_data = models.JSONField(_("source data"), default=dict, blank=True)

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="actionplan_indicator_code_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="actionplan_indicator_has_title",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)[:200]


class Risk(TimeStampedModel):
    """Something that may prevent a project from reaching its results, and what is done about it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="risks"
    )
    title_ar = models.CharField(_("risk (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("risk (French)"), max_length=500, blank=True)
    title_en = models.CharField(_("risk (English)"), max_length=500, blank=True)
    likelihood = models.CharField(
        _("likelihood"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    impact = models.CharField(
        _("impact"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    mitigation_ar = models.TextField(_("mitigation (Arabic)"), blank=True)
    mitigation_fr = models.TextField(_("mitigation (French)"), blank=True)
    mitigation_en = models.TextField(_("mitigation (English)"), blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    title = TranslatedField("title")
    mitigation = TranslatedField("mitigation")

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["project", "-is_open", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr="", title_en=""),
                name="actionplan_risk_has_title",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class ProjectLink(TimeStampedModel):
    """A document of a project published elsewhere, by its address (shown as a link, never
    fetched by Tatabbu)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="links"
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(
        _("address"), max_length=500, validators=[URLValidator(schemes=["https", "http"])]
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        ordering = ["project", "title"]

    def __str__(self) -> str:
        return self.title


class ProjectUpdate(TimeStampedModel):
    """A progress report on a project by its responsible unit, through the review workflow
    (draft → submitted → validated | returned → published). Validation makes its figures the
    project's."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="updates"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    as_of = models.DateField(_("situation as of"))
    progress_percent = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=1, validators=PERCENT_VALIDATORS
    )
    project_status = models.CharField(
        _("project status"), max_length=20, choices=ProjectStatus.choices
    )
    budget_committed = _money(_("committed budget"))
    budget_spent = _money(_("spent budget"))
    narrative_ar = models.TextField(_("narrative (Arabic)"), blank=True)
    narrative_fr = models.TextField(_("narrative (French)"), blank=True)
    narrative_en = models.TextField(_("narrative (English)"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
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

    narrative = TranslatedField("narrative")

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-as_of", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__gte=0, progress_percent__lte=100),
                name="actionplan_projectupdate_progress_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in ReviewStatus]),
                name="actionplan_projectupdate_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="actionplan_update_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.project.number} — {self.as_of:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("actionplan:update_detail", kwargs={"uuid": self.uuid})

    @property
    def is_editable(self) -> bool:
        return self.status in {ReviewStatus.DRAFT, ReviewStatus.RETURNED}

    @property
    def counts(self) -> bool:
        """Whether its figures are the project's (validated, and published after that)."""
        return self.status in {ReviewStatus.VALIDATED, ReviewStatus.PUBLISHED}


class IndicatorValue(TimeStampedModel):
    """A value of an indicator reported in a progress update; it counts once the update is
    validated."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    update = models.ForeignKey(
        ProjectUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "-update__as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "indicator"], name="actionplan_indicatorvalue_once_per_update"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"
