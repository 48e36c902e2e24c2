"""Kind ``action-plan``: the yearly progress report of an action plan.

Summary (figures by axis), then each axis with its projects (responsible units, partners,
period, status, progress, budget, milestones, indicators, the updates validated during the year),
and an annex of late milestones. The XLSX has the same content as flat sheets. Only validated
figures appear: drafts and submitted updates never reach a report.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatabbu.actionplan import permissions as plan_permissions
from tatabbu.actionplan import selectors as plan_selectors
from tatabbu.actionplan.models import ActionPlan, Project
from tatabbu.core.models import localized_language, localized_value
from tatabbu.taxonomy.models import Country

from ..document import Column, Facts, Heading, PageBreak, Paragraph, ReportDocument, Table, Text
from ..registry import BuildContext, ReportKind, ReportOption, ReportOptionError, register

DETAIL = frozenset({"docx", "pdf"})
FLAT = frozenset({"xlsx"})


def _plan_choices(user: Any) -> list[tuple[str, str]]:
    return [(plan.slug, str(plan.title)) for plan in plan_selectors.plan_list(user=user)]


def _year(value: str) -> int:
    year = int(value)
    if not 1990 <= year <= 2100:
        raise ValueError("out of range")
    return year


def _default_plan() -> ActionPlan:
    plan = ActionPlan.objects.order_by("-start_date", "slug").first()
    if plan is None:
        raise ReportOptionError("no action plan is loaded")
    return plan


def _plan(options: dict[str, Any]) -> ActionPlan:
    slug = options.get("plan")
    if not slug:
        return _default_plan()
    plan = ActionPlan.objects.select_related("owner").filter(slug=slug).first()
    if plan is None:
        raise ReportOptionError(f"unknown plan {slug!r}")
    return plan


def _report_year(plan: ActionPlan, options: dict[str, Any], today: datetime.date) -> int:
    if options.get("year"):
        return options["year"]
    return min(max(today.year, plan.start_date.year), plan.end_date.year)


def can_request(user: Any, options: dict[str, Any]) -> bool:
    """The command line may; people who may read plans may (only validated figures appear)."""
    return user is None or plan_permissions.can_view_plans(user)


def size(options: dict[str, Any]) -> int:
    slug = options.get("plan")
    plans = ActionPlan.objects.filter(slug=slug) if slug else ActionPlan.objects.all()
    plan = plans.order_by("-start_date").first()
    return plan.projects.count() if plan else 0


# --- Building ----------------------------------------------------------------------------------


class _Builder:
    def __init__(self, context: BuildContext) -> None:
        self.language = context.language
        self.user = context.user
        self.today = context.today
        self.plan = _plan(context.options)
        self.year = _report_year(self.plan, context.options, context.today)
        self.year_start = datetime.date(self.year, 1, 1)
        self.year_end = datetime.date(self.year, 12, 31)
        self.as_of = min(self.today, self.year_end)

    def text(self, instance: Any, field: str) -> str | Text:
        """The value in the report's language, or marked with its own language."""
        value = localized_value(instance, field, self.language)
        language = localized_language(instance, field, self.language)
        return value if language == self.language else Text(value, language)

    def build(self) -> ReportDocument:
        plan = self.plan
        state = Country.objects.filter(code=settings.TATABBU_STATE_CODE).first()
        document = ReportDocument(
            language=self.language,
            title=_("Progress report %(year)s") % {"year": self.year},
            subtitle=str(localized_value(plan, "title", self.language)),
            state_name=str(state.name) if state else "",
            body_name=str(localized_value(plan.owner, "name", self.language)),
            date=self.today,
            file_stem=f"{plan.slug}-progress-{self.year}-{self.language}",
        )
        projects = self._projects()
        rollup = plan_selectors.plan_rollup(plan=plan, today=self.as_of)
        updates = self._validated_updates()
        self._summary(document, rollup)
        self._axes(document, rollup, projects, updates)
        self._late_milestones(document)
        self._flat_tables(document, projects, updates)
        return document

    def _projects(self) -> list[Project]:
        return list(
            Project.objects.filter(plan=self.plan)
            .select_related("axis", "axis__parent", "responsible_unit")
            .prefetch_related("partners", "other_responsible", "milestones", "indicators")
            .order_by("number")
        )

    def _validated_updates(self) -> dict[int, list[Any]]:
        grouped: dict[int, list[Any]] = {}
        updates = plan_selectors.validated_updates(
            plan=self.plan, since=self.year_start, until=self.year_end
        )
        for update in updates:
            grouped.setdefault(update.project_id, []).append(update)
        return grouped

    # --- Sections ------------------------------------------------------------------------------

    def _summary(self, document: ReportDocument, rollup: Any) -> None:
        total = rollup.total
        document.add(
            Heading(_("Summary")),
            Paragraph(
                _(
                    "State of implementation of the plan in %(year)s, as of %(date)s, from the "
                    "progress updates validated for each project. Progress of an axis is the "
                    "mean progress of its projects."
                )
                % {"year": self.year, "date": self.as_of.isoformat()}
            ),
            Facts(
                [
                    (
                        _("Plan period"),
                        f"{self.plan.start_date.isoformat()} – {self.plan.end_date.isoformat()}",
                    ),
                    (_("Projects"), total.projects),
                    (_("Mean progress (%)"), total.progress),
                    *self._budget_facts(total),
                    (_("Late milestones"), total.late_milestones),
                ]
            ),
        )
        columns = [
            Column(_("Axis"), width=4),
            Column(_("Projects"), "number"),
            Column(_("Progress (%)"), "percent"),
            Column(_("Planned budget"), "money"),
            Column(_("Committed"), "money"),
            Column(_("Spent"), "money"),
            Column(_("Execution (%)"), "percent"),
            Column(_("Late milestones"), "number"),
        ]
        rows = []
        for item in rollup.axes:
            rows.append(self._axis_row(item.axis, item.rollup))
            rows += [self._axis_row(sub.axis, sub.rollup) for sub in item.sub_axes]
        rows.append([_("Whole plan"), *self._figures(total)])
        document.add(
            Table(
                columns,
                rows,
                caption=_("Progress and budget by axis (%(currency)s)")
                % {"currency": self.plan.currency},
                sheet=_("Summary"),
            )
        )
        by_status = sorted(total.by_status.items())
        document.add(
            Table(
                [Column(_("Status"), width=3), Column(_("Projects"), "number")],
                [[str(_status_label(code)), count] for code, count in by_status],
                caption=_("Projects by status"),
                sheet=_("Summary"),
            )
        )

    def _budget_facts(self, rollup: Any) -> list[tuple[str, Any]]:
        facts = []
        for currency in rollup.currencies or [self.plan.currency]:
            facts += [
                (
                    _("Planned budget (%(currency)s)") % {"currency": currency},
                    rollup.planned.get(currency),
                ),
                (
                    _("Committed (%(currency)s)") % {"currency": currency},
                    rollup.committed.get(currency),
                ),
                (_("Spent (%(currency)s)") % {"currency": currency}, rollup.spent.get(currency)),
            ]
        return facts

    def _figures(self, rollup: Any) -> list[Any]:
        currency = self.plan.currency
        return [
            rollup.projects,
            rollup.progress,
            rollup.planned.get(currency),
            rollup.committed.get(currency),
            rollup.spent.get(currency),
            rollup.execution(currency),
            rollup.late_milestones,
        ]

    def _axis_row(self, axis: Any, rollup: Any) -> list[Any]:
        title = self.text(axis, "title")
        label = f"{axis.code}. {title}"
        return [
            Text(label, title.language) if isinstance(title, Text) else label,
            *self._figures(rollup),
        ]

    def _axes(
        self,
        document: ReportDocument,
        rollup: Any,
        projects: list[Project],
        updates: dict[int, list[Any]],
    ) -> None:
        by_axis: dict[int, list[Project]] = {}
        for project in projects:
            by_axis.setdefault(project.axis_id, []).append(project)
        for item in rollup.axes:
            document.add(PageBreak(formats=DETAIL))
            document.add(Heading(self._axis_heading(item.axis), level=1, formats=DETAIL))
            groups = [(None, by_axis.get(item.axis.pk, []))]
            groups += [(sub.axis, by_axis.get(sub.axis.pk, [])) for sub in item.sub_axes]
            for sub_axis, members in groups:
                if sub_axis is not None:
                    if not members:
                        continue
                    document.add(Heading(self._axis_heading(sub_axis), level=2, formats=DETAIL))
                for project in members:
                    self._project(document, project, updates.get(project.pk, []))

    def _axis_heading(self, axis: Any) -> str | Text:
        title = self.text(axis, "title")
        label = _("Axis %(code)s. %(title)s") % {"code": axis.code, "title": title}
        return Text(label, title.language) if isinstance(title, Text) else label

    def _project(self, document: ReportDocument, project: Project, updates: list[Any]) -> None:
        title = self.text(project, "title")
        heading = _("Project %(number)s") % {"number": project.number}
        document.add(
            Heading(heading, level=3, formats=DETAIL),
            Paragraph(title, style="quote", formats=DETAIL),
        )
        description = self.text(project, "description")
        if str(description):
            document.add(Paragraph(description, formats=DETAIL))
        document.add(Facts(self._project_facts(project), formats=DETAIL))
        milestones = [m for m in project.milestones.all() if m.due_date <= self.year_end]
        if milestones:
            document.add(
                Table(
                    [
                        Column(_("Milestone"), width=4),
                        Column(_("Due"), "date"),
                        Column(_("Done"), "date"),
                        Column(_("Late"), width=1),
                    ],
                    [
                        [
                            self.text(m, "title"),
                            m.due_date,
                            m.done_date,
                            _("yes") if m.is_late(self.as_of) else "",
                        ]
                        for m in milestones
                    ],
                    caption=_("Milestones"),
                    formats=DETAIL,
                )
            )
        indicator_rows = plan_selectors.indicator_rows(project=project, until=self.year_end)
        if indicator_rows:
            document.add(
                Table(
                    [
                        Column(_("Indicator"), width=4),
                        Column(_("Baseline"), "number"),
                        Column(_("Target"), "number"),
                        Column(_("Latest value"), "number"),
                        Column(_("As of"), "date"),
                    ],
                    [
                        [
                            self.text(row.indicator, "title"),
                            row.indicator.baseline,
                            row.indicator.target
                            if row.indicator.target is not None
                            else row.indicator.target_note,
                            row.latest.value if row.latest else None,
                            row.latest.update.as_of if row.latest else None,
                        ]
                        for row in indicator_rows
                    ],
                    caption=_("Indicators"),
                    formats=DETAIL,
                )
            )
        for update in updates:
            document.add(
                Paragraph(
                    _("Update of %(date)s (validated): progress %(progress)s %%.")
                    % {"date": update.as_of.isoformat(), "progress": update.progress_percent},
                    style="note",
                    formats=DETAIL,
                )
            )
            narrative = self.text(update, "narrative")
            if str(narrative):
                document.add(Paragraph(narrative, formats=DETAIL))

    def _project_facts(self, project: Project) -> list[tuple[str, Any]]:
        others = [str(i.name) for i in project.other_responsible.all()]
        responsible = [str(project.responsible_unit.name)] if project.responsible_unit else []
        if project.responsible_label:
            responsible.append(project.responsible_label)
        partners = ", ".join(str(p.name) for p in project.partners.all())
        period = ""
        if project.planned_start and project.planned_end:
            period = f"{project.planned_start.isoformat()} – {project.planned_end.isoformat()}"
        facts: list[tuple[str, Any]] = [
            (
                _("Responsible"),
                "، ".join(responsible) if self.language == "ar" else "; ".join(responsible),
            ),
        ]
        if others:
            facts.append((_("Also responsible"), ", ".join(others)))
        facts += [
            (_("Partners"), partners),
            (_("Planned period"), period or _("not set")),
            (_("Status"), str(_status_label(project.status))),
            (_("Progress (%)"), project.progress_percent),
        ]
        if project.budget_planned is not None or project.budget_spent is not None:
            facts += [
                (
                    _("Planned budget (%(currency)s)") % {"currency": project.currency},
                    project.budget_planned,
                ),
                (
                    _("Committed (%(currency)s)") % {"currency": project.currency},
                    project.budget_committed,
                ),
                (_("Spent (%(currency)s)") % {"currency": project.currency}, project.budget_spent),
            ]
        if project.figures_as_of:
            facts.append((_("Figures as of"), project.figures_as_of))
        return facts

    def _late_milestones(self, document: ReportDocument) -> None:
        late = list(
            plan_selectors.late_milestone_queryset(plan=self.plan, today=self.as_of)
            .select_related("project")
            .order_by("due_date", "project__number")
        )
        document.add(PageBreak(formats=DETAIL))
        document.add(Heading(_("Annex: late milestones"), formats=DETAIL))
        if not late:
            document.add(Paragraph(_("No milestone is late."), formats=DETAIL))
            return
        document.add(
            Table(
                [
                    Column(_("Project"), "number"),
                    Column(_("Milestone"), width=4),
                    Column(_("Due"), "date"),
                ],
                [[m.project.number, self.text(m, "title"), m.due_date] for m in late],
                sheet=_("Late milestones"),
            )
        )

    def _flat_tables(
        self, document: ReportDocument, projects: list[Project], updates: dict[int, list[Any]]
    ) -> None:
        currency = _("Currency")
        document.add(
            Table(
                [
                    Column(_("Number"), "number"),
                    Column(_("Axis")),
                    Column(_("Project"), width=5),
                    Column(_("Responsible"), width=3),
                    Column(_("Partners"), width=3),
                    Column(_("Planned start"), "date"),
                    Column(_("Planned end"), "date"),
                    Column(_("Status")),
                    Column(_("Progress (%)"), "percent"),
                    Column(_("Planned budget"), "money"),
                    Column(_("Committed"), "money"),
                    Column(_("Spent"), "money"),
                    Column(currency),
                    Column(_("Figures as of"), "date"),
                ],
                [
                    [
                        project.number,
                        project.axis.code,
                        self.text(project, "title"),
                        str(project.responsible_unit.name)
                        if project.responsible_unit
                        else project.responsible_label,
                        ", ".join(str(p.name) for p in project.partners.all()),
                        project.planned_start,
                        project.planned_end,
                        str(_status_label(project.status)),
                        project.progress_percent,
                        project.budget_planned,
                        project.budget_committed,
                        project.budget_spent,
                        project.currency,
                        project.figures_as_of,
                    ]
                    for project in projects
                ],
                sheet=_("Projects"),
                formats=FLAT,
            ),
            Table(
                [
                    Column(_("Project"), "number"),
                    Column(_("Situation as of"), "date"),
                    Column(_("Progress (%)"), "percent"),
                    Column(_("Committed"), "money"),
                    Column(_("Spent"), "money"),
                    Column(_("Narrative"), width=6),
                ],
                [
                    [
                        update.project.number,
                        update.as_of,
                        update.progress_percent,
                        update.budget_committed,
                        update.budget_spent,
                        self.text(update, "narrative"),
                    ]
                    for project in projects
                    for update in updates.get(project.pk, [])
                ],
                sheet=_("Validated updates"),
                formats=FLAT,
            ),
        )


def _status_label(code: str) -> Any:
    from tatabbu.actionplan.choices import ProjectStatus

    try:
        return ProjectStatus(code).label
    except ValueError:
        return code


def build(context: BuildContext) -> ReportDocument:
    return _Builder(context).build()


ACTION_PLAN = register(
    ReportKind(
        code="action-plan",
        label=gettext_lazy("Action plan progress report"),
        description=gettext_lazy(
            "The yearly progress report of an action plan: axes, projects, status, progress, "
            "budget, milestones, indicators and validated updates."
        ),
        build=build,
        can_request=can_request,
        options=(
            ReportOption(
                "plan",
                gettext_lazy("Plan"),
                gettext_lazy("Slug of the plan (default: the most recent plan)."),
                choices=_plan_choices,
            ),
            ReportOption(
                "year",
                gettext_lazy("Year"),
                gettext_lazy("Year reported on (default: the current year within the plan)."),
                parse=_year,
            ),
        ),
        size=size,
    )
)
